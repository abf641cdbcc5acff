import type { DatabaseManager } from '../../runtime/manager.ts';
import { Genre, Publisher, Title, Writer } from './portable-models.ts';

/** Fills a database with `writers` writers (two titles each, with genres) across a few publishers. */
export async function seedPortableData(db: DatabaseManager, writers: number): Promise<void> {
  await db.transaction(async em => {
    const publishers = [0, 1, 2].map(i => em.create(Publisher, { name: `Press ${i}`, active: i !== 1, rating: [632 / 7, 1 / 3, null][i], settings: i === 2 ? null : { country: ['FR', 'NG', 'JP'][i]!, tags: ['a', `b${i}`] } }));
    const genres = ['poetry', 'essays', 'novels'].map(label => em.create(Genre, { label }));
    for (let i = 0; i < writers; i++) {
      const writer = em.create(Writer, {
        name: `Writer ${i} “quoted” \\ ü`,
        publisher: i % 4 === 3 ? null : publishers[i % 3]!,
        address: i % 5 === 0 ? null : { city: `City ${i % 7}`, zip: i % 2 ? `${10000 + i}` : null },
      });
      for (let j = 0; j < 2; j++) {
        const title = em.create(Title, { name: `Title ${i}.${j}`, pages: 100 + i + j, price: `${i}.${j}${i % 2 ? 9 : 0}`, writer });
        title.genres.add(genres[(i + j) % 3]!);
      }
    }
  });
}
