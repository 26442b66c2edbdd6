/**
 * Reads a step's multipart upload within limits: the whole request at most 10 MiB (counted
 * while it streams in, before anything is parsed), parsed by the platform's `formData()`, the
 * fields checked, and the file judged by its bytes (file-type.ts).
 */
import { z } from '../../zod.js';
import { errorAnswer, refuse, type Answer } from './answer.js';
import { judgeFile } from './file-type.js';
import { discardBody, readBlob } from './read-body.js';
import { FILE_NAMING, STEP_FILE_KINDS, type FileKind, type Step } from './step.js';

export const MAX_UPLOAD_BYTES = 10 * 1024 * 1024;

export interface Upload {
  kind: FileKind;
  /** The file's bytes, typed by what they are (never by what the browser said). */
  file: Blob;
  /** 2 for the back of a two-sided document, else 1. */
  side: 1 | 2;
  /** The document step's document type, e.g. `passport`. */
  documentType?: string;
}

export type UploadReading = { ok: true; upload: Upload } | { ok: false; answer: Answer };

const documentFields = z.object({
  side: z.enum(['1', '2']),
  // A Deriv document type key (`passport`, `national_identity_card`, ...).
  type: z.string().check(z.regex(/^[A-Za-z0-9_-]{1,64}$/)),
});

const MULTIPART = /^multipart\/form-data\s*;(.*;)?\s*boundary=/i;
const refused = (answer: Answer): UploadReading => ({ ok: false, answer });
const invalidForm = () => refused(errorAnswer(400, 'request:invalid_form'));

export async function readUpload(request: Request, step: Step): Promise<UploadReading> {
  const contentType = request.headers.get('content-type');
  if (!contentType || !MULTIPART.test(contentType)) {
    await discardBody(request);
    return refused(refuse(415, 'content_type'));
  }
  const body = await readBlob(request, MAX_UPLOAD_BYTES);
  if (!body.ok) return refused(body.reason === 'too_large' ? refuse(413, 'too_large') : refuse(400, 'aborted'));
  let form: FormData;
  try {
    form = await new Request('http://upload.invalid/', { method: 'POST', headers: { 'content-type': contentType }, body: body.blob }).formData();
  } catch {
    return invalidForm();
  }
  const files = form.getAll('file');
  const file = files[0];
  if (files.length !== 1 || !(file instanceof Blob)) return invalidForm();

  let side: 1 | 2 = 1;
  let documentType: string | undefined;
  if (step === 'document') {
    const fields = documentFields.safeParse({ side: form.get('side'), type: form.get('type') });
    if (!fields.success) return invalidForm();
    side = fields.data.side === '2' ? 2 : 1;
    documentType = fields.data.type;
  }

  const bytes = new Uint8Array(await file.arrayBuffer());
  const judged = judgeFile(bytes, STEP_FILE_KINDS[step]);
  if (!judged.ok) return refused(judged.reason === 'too_large' ? refuse(413, 'too_large') : errorAnswer(415, 'request:file_type'));
  const upload: Upload = { kind: judged.kind, file: file.slice(0, file.size, FILE_NAMING[judged.kind].type), side };
  if (documentType !== undefined) upload.documentType = documentType;
  return { ok: true, upload };
}
