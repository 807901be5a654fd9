import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { HandlerNotFoundError, type LocalHandler } from './http-server.js';

/** The repository root (scripts/local/ → ../..). */
export const REPOSITORY_ROOT = resolve(import.meta.dirname, '..', '..');

/**
 * Imports a handler module the way Lambda does: lazily, on first use, and only its `handler` export. The process
 * runs under tsx, so the `.ts` entry from entry-points.ts loads as is.
 */
export async function importHandler(entry: string, root: string = REPOSITORY_ROOT): Promise<LocalHandler> {
  const file = resolve(root, entry);
  if (!existsSync(file)) throw new HandlerNotFoundError(`${entry} does not exist in this checkout`);
  const module: { handler?: unknown } = await import(pathToFileURL(file).href);
  if (typeof module.handler !== 'function') {
    throw new Error(`${entry} does not export a function named handler`);
  }
  return module.handler as LocalHandler;
}
