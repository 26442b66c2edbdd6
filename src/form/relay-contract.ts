/**
 * The wire contract between the element and the relay, named once: the JSON bodies the relay
 * answers and the grammar of their error codes. Types only: the relay writes these shapes, the
 * element (and its verification steps) reads them.
 */

/** `<kind>:<subject>`: `empty:first_name`, `request:too_large`, `upstream:timeout`, `user:exists`. */
export type ErrorCode = `${string}:${string}`;

/** Why the relay itself refused a request: the `<reason>` of `request:<reason>`. */
export type RequestReason =
  | 'invalid_json'
  | 'content_type'
  | 'too_large'
  | 'method'
  | 'not_found'
  | 'origin'
  | 'rate_limited'
  | 'aborted'
  /** Not a request the relay can serve: a method fetch forbids (TRACE), or one the server cannot parse. */
  | 'malformed'
  /** The client did not send its headers, or its whole request, within the server's limits. */
  | 'timeout'
  /** A verification step without a valid session (missing, forged, expired, or unknown to BASIS ID). */
  | 'session'
  /** An upload whose bytes are not a type the step accepts. */
  | 'file_type'
  /** An upload whose form fields are missing or malformed. */
  | 'invalid_form'
  /** A BASIS ID callback whose signature does not verify. */
  | 'signature';

/** The verdict on a person, as `status` answers it and `verification-status` reports it. */
export type VerdictStatus = 'pending' | 'approved' | 'declined' | 'more-data';

/** `POST base-check`: the contract's answer table. `session` authorises the verification steps. */
export type BaseCheckAnswer =
  | { status: 'ok'; userHash: string; userId: string; session?: string }
  | { status: 'bad'; errors: ErrorCode[] }
  | { status: 'error'; errors: ErrorCode[] };

/** `POST document | selfie | address-proof`: BASIS ID's file path is never passed on. */
export type StepAnswer = { status: 'ok' } | { status: 'bad' | 'error'; errors: ErrorCode[] };

/** `GET status`. */
export type StatusAnswer =
  | { status: 'ok'; verdict: VerdictStatus; reasons: string[] }
  | { status: 'error'; errors: ErrorCode[] };
