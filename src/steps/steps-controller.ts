/**
 * The verification steps after base-check, for a host element (`<kyc-signup>`): owns the journey
 * (current step, chosen files, uploads, the verdict poll) and renders it. The host creates it
 * once base-check succeeded (or at connect, when a saved journey exists) and renders `render()`.
 * Side effects start in hostConnected and stop in hostDisconnected: an upload is aborted, the
 * poll paused, preview URLs revoked.
 */
import type { ReactiveController, ReactiveElement, TemplateResult } from 'lit';
import type { Country } from '../deriv/residence-list.js';
import { documentChoices, isTwoSided, stepSlots, type Slot } from './documents.js';
import { emit } from '../events.js';
import type { VerificationStatusDetail } from './events.js';
import { stepsTranslator, type StepsMessageKey } from './i18n/index.js';
import { clearJourney, readJourney, saveJourney } from './journey-store.js';
import type { PollSchedule } from './poll-schedule.js';
import { prepareFile, type Prepared } from './prepare-file.js';
import { sendFile } from './send-file.js';
import { StatusPoller, type PollReport, type PollTimers } from './status-poller.js';
import type { Phase, StepName } from './step-names.js';
import { stepUrl } from './step-urls.js';
import { stepsStyles } from './styles.js';
import { uploadFailure } from './upload-answer.js';
import { doneView, stepView, type SlotName, type SlotState } from './views.js';

export interface StepsOptions {
  /** The steps to run, in the contract's order (see `parseSteps`). */
  steps: readonly StepName[];
  /** The base-check URL; the step routes are its siblings. */
  backendUrl: string;
  /** The relay's session token from the base-check answer (or the saved journey). */
  session: string;
  /** The residence country: its photo documents are offered. Unknown after a reload. */
  country?: Country;
  /** The element's UI language and direction. */
  language: { ui: string; dir: 'ltr' | 'rtl' };
  /** The element's `messages` overrides; `steps.*` keys apply here. */
  messages?: Partial<Record<string, string>>;
  /** "Start again" after the session expired: the journey is forgotten, the host shows its form anew. */
  onRestart(): void;
}

/** Injectable for tests: the poll's clock and cadence. */
export interface StepsPolicy {
  timers?: PollTimers;
  schedule?: PollSchedule;
}

type Chosen =
  | { kind: 'preparing'; ready: Promise<unknown> }
  | { kind: 'ready'; blob: Blob; pdf: boolean; fileName: string; url?: string };

export class StepsController implements ReactiveController {
  private phase: Phase | undefined;
  private documentType = '';
  private readonly chosen = new Map<SlotName, Chosen>();
  /** Files of the current step the relay accepted: a retry sends only the rest. */
  private readonly sent = new Set<SlotName>();
  private progress: number | null = null;
  private upload: AbortController | undefined;
  private alert: StepsMessageKey | null = null;
  private failed = false;
  private expired = false;
  private announcement = '';
  private verdict: VerificationStatusDetail | null = null;
  private gaveUp = false;
  private focusHeading = false;
  private readonly poller: StatusPoller;

  constructor(
    private readonly host: ReactiveElement,
    private readonly options: () => StepsOptions,
    policy: StepsPolicy = {},
  ) {
    this.poller = new StatusPoller(
      host,
      () => ({ url: stepUrl(this.options().backendUrl, 'status'), session: this.options().session }),
      (report) => this.onPoll(report),
      policy.timers,
      policy.schedule,
    );
    host.addController(this);
  }

  /** The current step, or `done`. */
  get step(): Phase | undefined {
    return this.phase;
  }

  hostConnected(): void {
    const root = this.host.renderRoot;
    if (root instanceof ShadowRoot && stepsStyles.styleSheet && !root.adoptedStyleSheets.includes(stepsStyles.styleSheet)) {
      root.adoptedStyleSheets = [...root.adoptedStyleSheets, stepsStyles.styleSheet];
    }
    if (this.phase !== undefined) return;
    const { backendUrl, session, steps } = this.options();
    const saved = readJourney(backendUrl);
    this.enter(saved?.session === session ? saved.step : (steps[0] ?? 'done'));
  }

  hostDisconnected(): void {
    this.upload?.abort();
    for (const entry of this.chosen.values()) {
      if (entry.kind === 'ready' && entry.url) URL.revokeObjectURL(entry.url);
      if (entry.kind === 'ready') entry.url = undefined;
    }
  }

  hostUpdated(): void {
    if (!this.focusHeading) return;
    this.focusHeading = false;
    this.host.renderRoot.querySelector<HTMLElement>('#steps-heading')?.focus();
  }

  render(): TemplateResult {
    const { language, messages, steps, country } = this.options();
    const frame = { t: stepsTranslator(language.ui, messages), lang: language.ui, dir: language.dir };
    const phase = this.phase ?? steps[0] ?? 'done';
    const restart = () => this.restart();
    if (phase === 'done') {
      const checkAgain = () => {
        this.gaveUp = false;
        this.poller.start();
        this.host.requestUpdate();
      };
      return doneView({ ...frame, status: this.verdict, expired: this.expired, gaveUp: this.gaveUp }, { restart, checkAgain });
    }
    const documents = documentChoices(country);
    if (!documents.some((doc) => doc.type === this.documentType)) this.documentType = documents[0]!.type;
    return stepView(
      {
        ...frame,
        step: phase,
        position: steps.indexOf(phase) + 1,
        total: steps.length,
        documents,
        documentType: this.documentType,
        slots: this.slots(phase).map(({ name }) => ({ name, state: this.slotState(name) })),
        progress: this.progress,
        alert: this.alert,
        failed: this.failed,
        expired: this.expired,
        status: this.announcement,
      },
      {
        documentType: (type) => this.chooseDocumentType(type),
        file: (slot, file) => void this.choose(slot, file),
        retake: (slot, input) => this.retake(slot, input),
        submit: () => void this.submit(),
        cancel: () => this.upload?.abort(),
        restart,
      },
    );
  }

  private slots(step: StepName): Slot[] {
    return stepSlots(step, this.documentType);
  }

  private slotState(name: SlotName): SlotState {
    const entry = this.chosen.get(name);
    if (!entry) return { kind: 'empty' };
    if (entry.kind === 'preparing') return entry;
    if (entry.pdf) return { kind: 'pdf', fileName: entry.fileName };
    entry.url ??= URL.createObjectURL(entry.blob);
    return { kind: 'image', url: entry.url };
  }

  /** Starts a step (or `done`): announced by event, saved for a reload, its heading focused. */
  private enter(phase: Phase): void {
    const { backendUrl, session } = this.options();
    this.phase = phase;
    this.forget([...this.chosen.keys()]);
    this.sent.clear();
    this.alert = null;
    this.failed = false;
    this.focusHeading = true;
    saveJourney(backendUrl, session, phase);
    emit(this.host, 'step-change', { step: phase });
    if (phase === 'done') this.poller.start();
    this.host.requestUpdate();
  }

  private forget(slots: SlotName[]): void {
    for (const slot of slots) {
      const entry = this.chosen.get(slot);
      if (entry?.kind === 'ready' && entry.url) URL.revokeObjectURL(entry.url);
      this.chosen.delete(slot);
      this.sent.delete(slot);
    }
  }

  private chooseDocumentType(type: string): void {
    this.documentType = type;
    // Files already sent belong to the other document.
    this.sent.clear();
    if (!isTwoSided(type)) this.forget(['document_back']);
    this.host.requestUpdate();
  }

  private async choose(slot: SlotName, file: File): Promise<void> {
    if (this.progress !== null) return;
    this.forget([slot]);
    this.alert = null;
    const ready = prepareFile(file, slot === 'address_proof');
    const entry: Chosen = { kind: 'preparing', ready };
    this.chosen.set(slot, entry);
    this.host.requestUpdate();
    const prepared: Prepared = await ready;
    if (this.chosen.get(slot) !== entry) return; // replaced meanwhile
    if (prepared.ok) {
      this.chosen.set(slot, { kind: 'ready', blob: prepared.blob, pdf: prepared.pdf, fileName: file.name });
    } else {
      this.chosen.delete(slot);
      this.alert = `steps.error.${prepared.failure}`;
    }
    this.host.requestUpdate();
  }

  private retake(slot: SlotName, input: HTMLInputElement | null): void {
    this.forget([slot]);
    this.host.requestUpdate();
    if (!input) return;
    input.value = '';
    input.focus();
    input.click();
  }

  private async submit(): Promise<void> {
    const step = this.phase;
    if (this.progress !== null || this.expired || !step || step === 'done') return;
    await Promise.all([...this.chosen.values()].map((entry) => entry.kind === 'preparing' && entry.ready));
    const slots = this.slots(step);
    const missing = slots.find(({ name }) => this.chosen.get(name)?.kind !== 'ready');
    if (missing) {
      this.alert = 'steps.missing';
      return this.focusAfterUpdate(`[name="${missing.name}"]`);
    }
    this.alert = null;
    this.announcement = '';
    for (const slot of slots) {
      if (this.sent.has(slot.name)) continue;
      if (!(await this.send(step, slot))) return;
    }
    this.enter(this.options().steps[this.options().steps.indexOf(step) + 1] ?? 'done');
  }

  /** Uploads one file; true when the relay accepted it. */
  private async send(step: StepName, slot: Slot): Promise<boolean> {
    const entry = this.chosen.get(slot.name) as Extract<Chosen, { kind: 'ready' }>;
    const { backendUrl, session } = this.options();
    const form = new FormData();
    form.append('file', entry.blob, `${slot.name}.${entry.pdf ? 'pdf' : 'jpg'}`);
    if (step === 'document') {
      form.append('side', String(slot.side));
      form.append('type', this.documentType);
    }
    this.upload = new AbortController();
    this.progress = 0;
    this.announcement = this.t('steps.uploading');
    await this.focusAfterUpdate('button[name=cancel]');
    const result = await sendFile(
      stepUrl(backendUrl, step),
      session,
      form,
      (loaded, total) => {
        this.progress = Math.round((loaded / total) * 100);
        this.host.requestUpdate();
      },
      this.upload.signal,
    );
    this.upload = undefined;
    this.progress = null;
    const failure = result.aborted ? null : uploadFailure(result.status, result.body);
    if (result.aborted || failure) {
      this.failed = true;
      this.expired = failure === 'session';
      this.alert = result.aborted ? 'steps.cancelled' : `steps.error.${failure!}`;
      this.announcement = '';
      await this.focusAfterUpdate('.actions button');
      return false;
    }
    this.sent.add(slot.name);
    this.announcement = this.t('steps.uploaded');
    emit(this.host, 'upload-complete', { step, side: slot.side });
    this.host.requestUpdate();
    return true;
  }

  /** Renders, then moves focus: keyboard and screen reader users follow what changed. */
  private async focusAfterUpdate(selector: string): Promise<void> {
    this.host.requestUpdate();
    await this.host.updateComplete;
    this.host.renderRoot.querySelector<HTMLElement>(selector)?.focus();
  }

  private t(key: StepsMessageKey): string {
    const { language, messages } = this.options();
    return stepsTranslator(language.ui, messages)(key);
  }

  private onPoll(report: PollReport): void {
    if (report.kind === 'gave-up') this.gaveUp = true;
    else if (report.kind === 'expired') this.expired = true;
    else if (report.verdict !== this.verdict?.status || report.reasons.join() !== this.verdict.reasons.join()) {
      this.verdict = { status: report.verdict, reasons: report.reasons };
      if (report.verdict !== 'pending') clearJourney(this.options().backendUrl);
      emit(this.host, 'verification-status', this.verdict);
    }
    this.host.requestUpdate();
  }

  private restart(): void {
    this.poller.stop();
    this.upload?.abort();
    clearJourney(this.options().backendUrl);
    this.options().onRestart();
  }
}
