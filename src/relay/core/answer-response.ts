/**
 * The relay's answer as a web `Response` that stays a plain serialized answer until something
 * touches it: the Node adapter writes `serialized` straight to the socket (no Headers, stream
 * or Response per request), while any other caller sees an ordinary Response.
 */
import type { SerializedAnswer } from './answer.js';
import { forwardToReal } from './lazy-web.js';

export class AnswerResponse {
  readonly serialized: SerializedAnswer;
  #real: Response | undefined;

  constructor(serialized: SerializedAnswer) {
    this.serialized = serialized;
  }

  get status(): number {
    return this.serialized.status;
  }

  get ok(): boolean {
    return this.serialized.status >= 200 && this.serialized.status < 300;
  }

  static real(self: AnswerResponse): Response {
    const { status, headers, body } = self.serialized;
    return (self.#real ??= new Response(body, { status, headers }));
  }
}
forwardToReal(AnswerResponse.prototype, Response, AnswerResponse.real);

/** A serialized answer as a Response. */
export const answerResponse = (serialized: SerializedAnswer): Response => new AnswerResponse(serialized) as unknown as Response;

/** The serialized answer behind a relay Response, or undefined for any other Response. */
export const serializedOf = (response: Response): SerializedAnswer | undefined =>
  response instanceof AnswerResponse ? response.serialized : undefined;
