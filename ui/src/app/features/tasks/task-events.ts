import { DestroyRef, inject, Injectable, signal } from '@angular/core';
import { AuthService } from '../../core/auth/auth.service';

/** One task change as `GET /api/tasks/events` sends it. */
export interface TaskChange {
  id: string;
  workflowId: string;
  status: string;
  candidateRole: string;
  assignee: string | null;
  op: 'insert' | 'update';
}

const RETRY_MS = 3_000;

/**
 * The inbox's live feed: reads the server-sent events of `/api/tasks/events` with `fetch`, because EventSource cannot
 * send the Authorization header and a token in the URL would end up in logs. Reconnects after a drop.
 * Provide it in the component that listens (it stops when that component is destroyed).
 */
@Injectable()
export class TaskEvents {
  private readonly auth = inject(AuthService);
  private controller: AbortController | null = null;
  private stopped = false;
  /** `connecting`, `live` or `offline` (shown beside the list; tests wait for `live`). */
  readonly state = signal<'connecting' | 'live' | 'offline'>('connecting');

  constructor() {
    inject(DestroyRef).onDestroy(() => this.stop());
  }

  /** Calls `onChange` for every task change until the component is destroyed. */
  start(onChange: (change: TaskChange) => void): void {
    this.stopped = false;
    void this.run(onChange);
  }

  stop(): void {
    this.stopped = true;
    this.controller?.abort();
  }

  private async run(onChange: (change: TaskChange) => void): Promise<void> {
    while (!this.stopped) {
      this.controller = new AbortController();
      try {
        await this.read(onChange, this.controller.signal);
      } catch {
        // a drop, an abort or a refused token: try again unless stopped
      }
      if (this.stopped) return;
      this.state.set('offline');
      await new Promise((resolve) => setTimeout(resolve, RETRY_MS));
    }
  }

  private async read(onChange: (change: TaskChange) => void, signal: AbortSignal): Promise<void> {
    const token = this.auth.token();
    if (!token) return;
    this.state.set('connecting');
    const response = await fetch('/api/tasks/events', {
      headers: { Authorization: `Bearer ${token}`, Accept: 'text/event-stream' },
      signal,
    });
    if (!response.ok || !response.body) return;
    const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = '';
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      buffer += value;
      const events = buffer.split('\n\n');
      buffer = events.pop() ?? '';
      for (const event of events) this.dispatch(event, onChange);
    }
  }

  private dispatch(event: string, onChange: (change: TaskChange) => void): void {
    const lines = event.split('\n');
    if (lines.some((line) => line.startsWith(': connected'))) this.state.set('live');
    if (!lines.includes('event: task')) return;
    const data = lines.find((line) => line.startsWith('data: '));
    if (data) onChange(JSON.parse(data.slice('data: '.length)) as TaskChange);
  }
}
