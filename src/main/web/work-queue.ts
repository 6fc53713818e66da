// Bounds the work web mode does at once, and shares it fairly between sockets. Before this, every
// request started the moment it arrived: 50 sockets × 64 runs.list meant 3,200 lists reading every
// run folder at once, a 93 s backlog, and app.info waited 6.6 s behind it. Now at most `total`
// requests run at once over all sockets and `perSocket` per socket; the rest wait in their
// socket's queue, and free slots go round-robin over the sockets that have work, so one socket
// cannot starve the others however much it sends. Requests that only read memory (app.info,
// experiments.list, training.*) skip the queue: they answer at once even under load.
import type { RequestName } from '../../shared/api';

export const LIGHT_REQUESTS: ReadonlySet<RequestName> = new Set<RequestName>([
  'app.info', 'experiments.list', 'training.list', 'training.cancel', 'training.start',
]);

export interface WorkLimits {
  /** Requests running at once over all sockets. */
  total: number;
  /** Requests one socket may have running at once. */
  perSocket: number;
}

export const DEFAULT_WORK_LIMITS: WorkLimits = { total: 8, perSocket: 4 };

type Task = () => Promise<void>;

/** Tasks handle their own errors (they reply with them); one that still throws is logged, never left unhandled. */
function run(task: Task): Promise<void> {
  return task().catch((err: unknown) => console.error('web request task failed:', err));
}

/** One socket's queue. */
export class Lane {
  readonly queued: Task[] = [];
  running = 0;
  closed = false;

  constructor(private readonly owner: FairQueue) {}

  /** Runs `task` when a slot is free (light work at once); tasks of a closed lane never start. */
  submit(task: Task, light = false): void {
    if (this.closed) return;
    if (light) {
      void run(task);
      return;
    }
    this.queued.push(task);
    this.owner.pump();
  }

  /** The socket went away: what it queued is dropped; what runs finishes (its reply is discarded). */
  close(): void {
    this.closed = true;
    this.queued.length = 0;
    this.owner.remove(this);
  }
}

export class FairQueue {
  private readonly lanes: Lane[] = [];
  private running = 0;
  /** Index in `lanes` of the lane served last; the next slot goes to the one after it. */
  private last = -1;
  /** Highest number of tasks seen running at once (tests and the fuzz figures read it). */
  peak = 0;

  constructor(readonly limits: WorkLimits = DEFAULT_WORK_LIMITS) {}

  lane(): Lane {
    const lane = new Lane(this);
    this.lanes.push(lane);
    return lane;
  }

  remove(lane: Lane): void {
    const i = this.lanes.indexOf(lane);
    if (i < 0) return;
    this.lanes.splice(i, 1);
    if (i <= this.last) this.last--;
  }

  /** Requests running now over all sockets. */
  get active(): number {
    return this.running;
  }

  pump(): void {
    while (this.running < this.limits.total) {
      const lane = this.nextLane();
      if (!lane) return;
      const task = lane.queued.shift()!;
      lane.running++;
      this.running++;
      this.peak = Math.max(this.peak, this.running);
      void run(task).finally(() => {
        lane.running--;
        this.running--;
        this.pump();
      });
    }
  }

  private nextLane(): Lane | undefined {
    const n = this.lanes.length;
    for (let k = 1; k <= n; k++) {
      const i = (this.last + k) % n;
      const lane = this.lanes[i]!;
      if (lane.queued.length > 0 && lane.running < this.limits.perSocket) {
        this.last = i;
        return lane;
      }
    }
    return undefined;
  }
}
