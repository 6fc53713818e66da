// One persistent polite live region (LiveRegion.svelte) says what a screen reader user cannot see
// change: training progress, throttled so speech keeps up, and how the run ended (issue 21).
const PROGRESS_EVERY_MS = 5000;

class Announcer {
  text = $state('');
  #lastAt = -Infinity;

  /** Says `text` now (an outcome). */
  say(text: string): void {
    this.text = text;
    this.#lastAt = Date.now();
  }

  /** Says `text` unless something was said less than five seconds ago. */
  progress(text: string): void {
    if (Date.now() - this.#lastAt >= PROGRESS_EVERY_MS) this.say(text);
  }
}

export const announcer = new Announcer();
