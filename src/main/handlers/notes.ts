// The `notes.*` request handlers, spread into createHandlers (handlers/index.ts).
import type { HandlersOf } from '../dispatch';
import { NotesService } from '../services/notes';
import { getDemo, runDemo } from '../services/notes/demos';

export function createNotesHandlers(ctx: { dataDir: string; notes?: NotesService }): HandlersOf<'notes'> {
  const notes = ctx.notes ?? new NotesService(ctx.dataDir);
  // Temp files a crash left behind; failing to remove them is not worth failing requests over.
  void notes.cleanupTemp().catch((err: unknown) => console.error('notes: could not remove temp files:', err));
  return {
    'notes.list': () => notes.list(),
    'notes.get': ({ id, lang }) => notes.get(id, lang),
    'notes.save': ({ id, markdown }) => notes.save(id, markdown),
    'notes.create': ({ title, markdown }) => notes.create(title, markdown),
    'notes.rename': ({ id, to }) => notes.rename(id, to),
    'notes.delete': ({ id }) => notes.delete(id),
    'notes.import': ({ name, text, replace }) => notes.import(name, text, replace === undefined ? {} : { replace }),
    'notes.search': ({ query }) => notes.search(query),
    'notes.pin': (action) => notes.pin(action),
    'notes.demo': ({ id }) => getDemo(id),
    'notes.runDemo': ({ id }) => runDemo(id),
  };
}
