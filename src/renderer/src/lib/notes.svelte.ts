// The notes as the renderer sees them, over the notes.* requests: the list every notes component
// shares (refreshed after anything that changes it, so the sidebar, search and main area agree),
// and one method per request.
import type { Lang } from '../../../shared/api';
import type { NoteDemo, NoteDemoRun, NoteDoc, NotePin, NotePinAction, NoteSearchHit, NoteSummary } from '../../../shared/notes';
import type { ExperimentProgram } from '../../../shared/programs';
import { getWorkbench } from './transport';
import { cachedPromise } from './promise-cache';
import { errorMessage } from '../../../shared/error-message';

class Notes {
  /** Undefined until the first load. */
  list = $state.raw<NoteSummary[]>();
  error = $state<string>();

  async refresh(): Promise<void> {
    try {
      this.list = await (await getWorkbench()).invoke('notes.list', null);
      this.error = undefined;
    } catch (err) {
      this.error = errorText(err);
    }
  }

  async get(id: string, lang: Lang): Promise<NoteDoc> {
    return (await getWorkbench()).invoke('notes.get', { id, lang });
  }

  /** Autosave: the list is not refreshed (titles change only through the editor's own state). */
  async save(id: string, markdown: string): Promise<NoteSummary> {
    return (await getWorkbench()).invoke('notes.save', { id, markdown });
  }

  async create(title: string): Promise<NoteSummary> {
    return this.changed((await getWorkbench()).invoke('notes.create', { title }));
  }

  /** `replace`: write over the note this file was imported as before (else a second note is made). */
  async importText(name: string, text: string, replace = false): Promise<NoteSummary> {
    return this.changed((await getWorkbench()).invoke('notes.import', replace ? { name, text, replace } : { name, text }));
  }

  async rename(id: string, to: string): Promise<NoteSummary> {
    return this.changed((await getWorkbench()).invoke('notes.rename', { id, to }));
  }

  async remove(id: string): Promise<void> {
    await this.changed((await getWorkbench()).invoke('notes.delete', { id }));
  }

  async search(query: string): Promise<NoteSearchHit[]> {
    return (await getWorkbench()).invoke('notes.search', { query });
  }

  async pin(action: NotePinAction): Promise<NotePin[]> {
    return (await getWorkbench()).invoke('notes.pin', action);
  }

  /** A live snippet's code; fetched once per id (the snippets are built into the app). */
  demo(id: string): Promise<NoteDemo> {
    return cachedPromise(this.demos, id, () => getWorkbench().then((w) => w.invoke('notes.demo', { id })));
  }

  /** Runs a live snippet on the engine in the main process. */
  async runDemo(id: string): Promise<NoteDemoRun> {
    return (await getWorkbench()).invoke('notes.runDemo', { id });
  }

  /** An experiment's PyTorch program with the book's settings (a ```program``` fence). */
  program(experiment: string): Promise<ExperimentProgram> {
    return cachedPromise(this.programs, experiment, () => getWorkbench().then((w) => w.invoke('experiments.program', { experiment })));
  }

  private readonly demos = new Map<string, Promise<NoteDemo>>();
  private readonly programs = new Map<string, Promise<ExperimentProgram>>();

  private async changed<T>(request: Promise<T>): Promise<T> {
    const result = await request;
    await this.refresh();
    return result;
  }
}

export const notes = new Notes();

export function errorText(err: unknown): string {
  return errorMessage(err);
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
  lang?: Lang;
  jump?: Jump;
  /** Open in the editor (a note just made with New). */
  edit?: boolean;
}
