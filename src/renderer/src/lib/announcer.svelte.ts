// One persistent polite live region (LiveRegion.svelte) says what a screen reader user cannot see
// change: training progress, throttled so speech keeps up, how the run ended, and what a notes
// search found once the typing stops (issue 21).
const PROGRESS_EVERY_MS = 5000;
/** A search result is said only after this long without a newer one, so typing is not read out letter by letter. */
export const SETTLE_MS = 700;

class Announcer {
  text = $state('');
  #lastAt = -Infinity;
  #settling: ReturnType<typeof setTimeout> | undefined;

  /** Says `text` now (an outcome). */
  say(text: string): void {
    clearTimeout(this.#settling);
    this.text = text;
    this.#lastAt = Date.now();
  }

  /** Says `text` unless something was said less than five seconds ago. */
  progress(text: string): void {
    if (Date.now() - this.#lastAt >= PROGRESS_EVERY_MS) this.say(text);
  }

  /** Says `text` once nothing newer has been asked for in SETTLE_MS; a newer call replaces it. */
  settle(text: string): void {
    clearTimeout(this.#settling);
    this.#settling = setTimeout(() => this.say(text), SETTLE_MS);
  }

  /** Drops a pending `settle` (the search was cleared). */
  cancelSettle(): void {
    clearTimeout(this.#settling);
  }
}

export const announcer = new Announcer();
