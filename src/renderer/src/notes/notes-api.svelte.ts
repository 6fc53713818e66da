// Typed calls for the notes UI, and the list of notes every notes component shares (refreshed
// after anything that changes it, so the sidebar, search and main area agree).
import type { NoteSummary } from '../../../shared/notes';
import { getWorkbench } from '../lib/transport';

export const notesState = $state<{ list: NoteSummary[] | undefined; error: string | undefined }>({ list: undefined, error: undefined });

export async function refreshNotes(): Promise<void> {
  try {
    const api = await getWorkbench();
    notesState.list = await api.invoke('notes.list', null);
    notesState.error = undefined;
  } catch (err) {
    notesState.error = errorText(err);
  }
}

export function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** Book chapter of a built-in note ("3.3" → "3"); own notes have none. */
export function chapterOf(note: NoteSummary): string | undefined {
  return note.section?.split('.')[0];
}

/** Where to scroll when a note opens from a search hit. */
export interface Jump {
  heading: string;
  query: string;
}

/** What the sidebar asks the main area to show: a note, maybe in a given language, maybe at a match. */
export interface NoteSelection {
  id: string;
  /** Built-in notes: the language to open them in (a search hit's); default the UI's. */
  lang?: import('../../../shared/api').Lang;
  jump?: Jump;
}
