/** The verification steps after base-check, and the file types each accepts. */

export const STEPS = ['document', 'selfie', 'address-proof'] as const;
export type Step = (typeof STEPS)[number];

export type FileKind = 'jpeg' | 'png' | 'pdf';

export const STEP_FILE_KINDS: Readonly<Record<Step, readonly FileKind[]>> = {
  document: ['jpeg', 'png'],
  selfie: ['jpeg', 'png'],
  'address-proof': ['jpeg', 'png', 'pdf'],
};

/** What a file of a judged kind is called when forwarded (never the visitor's name or type). */
export const FILE_NAMING: Readonly<Record<FileKind, { type: string; extension: string }>> = {
  jpeg: { type: 'image/jpeg', extension: 'jpg' },
  png: { type: 'image/png', extension: 'png' },
  pdf: { type: 'application/pdf', extension: 'pdf' },
};
