import type { MikroORM } from '@mikro-orm/core';
import { findTransferSource } from '../shared/find-transfer-source.ts';
import { mongoLinks } from './links.ts';
import { linkOf, type TransferSource } from '../transfer.ts';

/** Reading MongoDB for transfers: documents through MikroORM, many-to-many arrays as link rows. */
export function mongoTransferSource(orm: MikroORM): TransferSource {
  const documents = findTransferSource(orm);
  const links = mongoLinks(orm);
  return {
    page(meta, request) {
      const link = linkOf(meta);
      return link ? links.page(link, request) : documents.page(meta, request);
    },
    count(meta, em) {
      const link = linkOf(meta);
      return link ? links.count(link) : documents.count(meta, em);
    },
  };
}
