/** The steps' templates: functions of plain data, no state of their own. */
import { html, nothing, type TemplateResult } from 'lit';
import { ifDefined } from 'lit/directives/if-defined.js';
import type { DocumentChoice, Slot } from './documents.js';
import type { VerificationStatusDetail } from './events.js';
import type { StepsTranslate } from './i18n/index.js';
import type { StepName } from './step-names.js';

export type SlotName = Slot['name'];

/** What a file input shows: nothing chosen yet, an image being prepared, or the preview. */
export type SlotState = { kind: 'empty' } | { kind: 'preparing' } | { kind: 'image'; url: string } | { kind: 'pdf'; fileName: string };

export interface Frame {
  t: StepsTranslate;
  lang: string;
  dir: 'ltr' | 'rtl';
}

export interface StepView extends Frame {
  step: StepName;
  /** 1-based position and count, for "Step 1 of 3". */
  position: number;
  total: number;
  documents: DocumentChoice[];
  documentType: string;
  slots: { name: SlotName; state: SlotState }[];
  /** Upload progress in percent while uploading, else null. */
  progress: number | null;
  /** A message key for the `role=alert` line. */
  alert: string | null;
  /** The last upload failed: the button says "Try again". */
  failed: boolean;
  expired: boolean;
  /** What the `role=status` line says. */
  status: string;
}

export interface StepActions {
  documentType(type: string): void;
  file(slot: SlotName, file: File): void;
  retake(slot: SlotName, input: HTMLInputElement | null): void;
  submit(): void;
  cancel(): void;
  restart(): void;
}

const ACCEPT_IMAGE = 'image/*';
const ACCEPT: Record<SlotName, string> = {
  document_front: ACCEPT_IMAGE,
  document_back: ACCEPT_IMAGE,
  selfie: ACCEPT_IMAGE,
  address_proof: `${ACCEPT_IMAGE},application/pdf`,
};
/** The camera a phone opens: the rear one for papers, the front one for the selfie; none where a PDF is likely. */
const CAPTURE: Record<SlotName, string | undefined> = {
  document_front: 'environment',
  document_back: 'environment',
  selfie: 'user',
  address_proof: undefined,
};

const heading = (text: string) => html`<h2 id="steps-heading" tabindex="-1">${text}</h2>`;

const restartButton = (view: Frame, actions: Pick<StepActions, 'restart'>) =>
  html`<button type="button" class="secondary" @click=${actions.restart}>${view.t('steps.restart')}</button>`;

function documentTypeField(view: StepView, actions: StepActions): TemplateResult {
  const name = (doc: DocumentChoice) => doc.name || view.t(`steps.doc.${doc.type}` as 'steps.doc.passport');
  return html`<div class="field">
    <label for="document_type">${view.t('steps.document_type')}</label>
    <select id="document_type" name="document_type" required
      @change=${(e: Event) => actions.documentType((e.target as HTMLSelectElement).value)}>
      ${view.documents.map((doc) => html`<option value=${doc.type} ?selected=${doc.type === view.documentType}>${name(doc)}</option>`)}
    </select>
  </div>`;
}

function slotField(view: StepView, name: SlotName, state: SlotState, actions: StepActions): TemplateResult {
  const t = view.t;
  const labelId = `${name}-label`;
  const chosen = state.kind !== 'empty';
  const onChange = (e: Event) => {
    const file = (e.target as HTMLInputElement).files?.[0];
    if (file) actions.file(name, file);
  };
  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    const file = e.dataTransfer?.files[0];
    if (file) actions.file(name, file);
  };
  const retake = (e: Event) =>
    actions.retake(name, (e.target as HTMLElement).closest('.slot')?.querySelector('input[type=file]') ?? null);
  return html`<div class="slot">
    <span class="slot-label" id=${labelId}>${t(`steps.file.${name}`)}</span>
    <label part="dropzone" class="dropzone" ?hidden=${chosen} @dragover=${(e: DragEvent) => e.preventDefault()} @drop=${onDrop}>
      <input class="visually-hidden" type="file" id=${name} name=${name} accept=${ACCEPT[name]}
        capture=${ifDefined(CAPTURE[name])} aria-labelledby=${labelId} aria-describedby="${name}-choose"
        @change=${onChange} />
      <span id="${name}-choose"><strong>${t('steps.choose')}</strong> <span class="hint">${t('steps.drop')}</span></span>
    </label>
    ${chosen
      ? html`<div part="preview" class="preview">
            ${state.kind === 'preparing' ? html`<span class="hint">${t('steps.preparing')}</span>` : nothing}
            ${state.kind === 'image' ? html`<img src=${state.url} alt=${t('steps.preview')} />` : nothing}
            ${state.kind === 'pdf' ? html`<span class="file-name">${state.fileName}</span>` : nothing}
          </div>
          <button type="button" class="secondary" aria-describedby=${labelId} ?disabled=${view.progress !== null}
            @click=${retake}>${t('steps.retake')}</button>`
      : nothing}
  </div>`;
}

/** One step: `<section part="step" data-step=…>` as the contract describes. */
export function stepView(view: StepView, actions: StepActions): TemplateResult {
  const t = view.t;
  const busy = view.progress !== null;
  const onSubmit = (e: SubmitEvent) => {
    e.preventDefault();
    actions.submit();
  };
  return html`<section part="step" class="step" data-step=${view.step} dir=${view.dir} lang=${view.lang}
    aria-labelledby="steps-heading">
    <p class="hint">${t('steps.counter', { n: view.position, total: view.total })}</p>
    ${heading(t(`steps.title.${view.step}`))}
    <p class="intro">${t(`steps.intro.${view.step}`)}</p>
    <form novalidate aria-busy=${busy ? 'true' : 'false'} @submit=${onSubmit}>
      ${view.step === 'document' ? documentTypeField(view, actions) : nothing}
      ${view.slots.map(({ name, state }) => slotField(view, name, state, actions))}
      <p part="alert" class="alert" role="alert">${view.alert ? t(view.alert as 'steps.missing') : nothing}</p>
      <p class="visually-hidden" role="status">${view.status}</p>
      ${busy
        ? html`<div class="uploading">
            <progress part="progress" max="100" value=${view.progress ?? 0} aria-label=${t('steps.progress')}></progress>
            <button type="button" name="cancel" class="secondary" @click=${actions.cancel}>${t('steps.cancel')}</button>
          </div>`
        : nothing}
      <div class="actions">
        ${view.expired
          ? restartButton(view, actions)
          : html`<button type="submit" part="submit" ?disabled=${busy}>
              ${busy ? t('steps.uploading') : t(view.failed ? 'steps.retry' : 'steps.submit')}
            </button>`}
      </div>
    </form>
  </section>`;
}

export interface DoneView extends Frame {
  /** The verdict so far (null before the first answer). */
  status: VerificationStatusDetail | null;
  expired: boolean;
  gaveUp: boolean;
}

/** After the last upload: "checking", then the verdict; or an expired session, or a check that takes too long. */
export function doneView(view: DoneView, actions: Pick<StepActions, 'restart'> & { checkAgain(): void }): TemplateResult {
  const t = view.t;
  const verdict = view.status && view.status.status !== 'pending' ? view.status.status : null;
  const reasons = verdict === 'more-data' ? view.status!.reasons : [];
  let body: TemplateResult;
  if (view.expired) {
    body = html`<p part="alert" class="alert" role="alert">${t('steps.error.session')}</p>${restartButton(view, actions)}`;
  } else if (verdict) {
    body = html`<p>${t(`steps.verdict.${verdict}.body`)}</p>
      ${reasons.length ? html`<ul>${reasons.map((reason) => html`<li>${reason}</li>`)}</ul>` : nothing}`;
  } else if (view.gaveUp) {
    body = html`<p>${t('steps.gave_up')}</p>
      <button type="button" @click=${actions.checkAgain}>${t('steps.check_again')}</button>`;
  } else {
    body = html`<p><span class="spinner" aria-hidden="true"></span>${t('steps.checking.body')}</p>`;
  }
  return html`<section part="step" class="step done ${verdict ?? ''}" data-step="done" dir=${view.dir} lang=${view.lang}
    aria-labelledby="steps-heading">
    ${heading(t(verdict ? `steps.verdict.${verdict}.title` : 'steps.checking.title'))}
    <div role="status">${body}</div>
  </section>`;
}
