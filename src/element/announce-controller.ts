/**
 * What the host form's polite live region says: a message that appeared as the person left its
 * field. Focus has moved on by then, so the message the field now describes would go unheard.
 */
import type { ReactiveControllerHost } from 'lit';

export class AnnounceController {
  /** The live region's text. */
  text = '';
  /** Each control's visible message, as last rendered. */
  private __shown: Partial<Record<string, string>> = {};

  constructor(
    private readonly __host: ReactiveControllerHost,
    /** What a control is called, for the announcement. */
    private readonly __label: (name: string) => string,
  ) {}

  /** The host renders these messages now. */
  rendered(messages: Partial<Record<string, string>>): void {
    this.__shown = messages;
  }

  /** The person leaves `name`: `leave` marks it (the host updates), then a message it newly shows is said once. */
  async left(name: string, leave: () => void): Promise<void> {
    const before = this.__shown[name];
    leave();
    await this.__host.updateComplete;
    const after = this.__shown[name];
    if (!after || after === before) return;
    this.text = `${this.__label(name)}: ${after}`;
    this.__host.requestUpdate();
  }

  /** The person types again: the announcement is spent. */
  clear(): void {
    this.text = '';
  }
}
