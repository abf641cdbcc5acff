/** Polls `read` every 100 ms until it answers true, for up to 20 s (replication, for one, is asynchronous). */
export async function eventually(read: () => Promise<boolean>, what: string): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (await read()) return;
    await new Promise(resolve => setTimeout(resolve, 100));
  }
  throw new Error(`${what} did not happen within 20 s`);
}
