import { computed, signal } from '@angular/core';
import { RuleSetContent } from '../../shared/api.types';
import { asContent, toJson } from './rule-content';

/**
 * One rule-set content, two views: the structured editor's object and the raw JSON text. Form edits rewrite the
 * text; typed text updates the form as soon as it parses into rules + defaultPolicy, and until then the form
 * keeps the last state both agreed on.
 */
export class ContentDraft {
  private readonly saved = signal('');
  readonly content = signal<RuleSetContent | null>(null);
  readonly text = signal('');
  readonly error = signal<string | null>(null);
  readonly dirty = computed(() => this.text() !== this.saved());

  /** Content as stored on the server (after load or save). */
  load(content: unknown): void {
    const text = toJson(content);
    this.saved.set(text);
    this.text.set(text);
    this.content.set(asContent(content));
    this.error.set(null);
  }

  fromEditor(content: RuleSetContent): void {
    this.content.set(content);
    this.text.set(toJson(content));
    this.error.set(null);
  }

  fromText(text: string): void {
    this.text.set(text);
    const parsed = this.parse();
    if (!parsed.ok) return;
    const content = asContent(parsed.value);
    this.error.set(
      content ? null : 'The form needs { "rules": [ … ], "defaultPolicy": { … } }; it shows the last valid state.',
    );
    if (content) this.content.set(content);
  }

  /** The text as JSON, as typed (the server validates it); a syntax error is reported and gives `ok: false`. */
  parse(): { ok: true; value: unknown } | { ok: false } {
    try {
      return { ok: true, value: JSON.parse(this.text()) };
    } catch (err) {
      const reason = err instanceof Error ? err.message : String(err);
      this.error.set(`Not valid JSON (${reason}); the form shows the last valid state.`);
      return { ok: false };
    }
  }
}
