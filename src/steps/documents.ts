/**
 * Which identity documents the person can upload, and which sides each needs. Pure.
 * Photo documents come from Deriv's `onfido` service (IDV entries are ID numbers checked
 * against registries, not photos); when the country names none, or is not known (a journey
 * resumed after a reload), the three documents accepted almost everywhere are offered.
 */
import { supportedDocuments, type Country } from '../deriv/residence-list.js';
import type { StepName } from './step-names.js';

export interface DocumentChoice {
  type: string;
  /** Deriv's display name; empty for the defaults, which the language tables name. */
  name: string;
}

export const DEFAULT_DOCUMENTS: readonly DocumentChoice[] = [
  { type: 'passport', name: '' },
  { type: 'national_identity_card', name: '' },
  { type: 'driving_licence', name: '' },
];

export function documentChoices(country: Country | undefined): DocumentChoice[] {
  const photo = new Map<string, DocumentChoice>();
  for (const { service, type, name } of supportedDocuments(country)) {
    if (service === 'onfido' && !photo.has(type)) photo.set(type, { type, name });
  }
  return photo.size ? [...photo.values()] : [...DEFAULT_DOCUMENTS];
}

/** A passport (or a visa, a page of one) has one page to show; cards and licences have two sides. */
export const isTwoSided = (type: string): boolean => type !== 'passport' && type !== 'visa';

/** A file input of a step, named as the contract says, with BASIS ID's side (2: a document's back). */
export interface Slot {
  name: 'document_front' | 'document_back' | 'selfie' | 'address_proof';
  side: 1 | 2;
}

export function stepSlots(step: StepName, documentType: string): Slot[] {
  if (step === 'selfie') return [{ name: 'selfie', side: 1 }];
  if (step === 'address-proof') return [{ name: 'address_proof', side: 1 }];
  const front: Slot = { name: 'document_front', side: 1 };
  return isTwoSided(documentType) ? [front, { name: 'document_back', side: 2 }] : [front];
}
