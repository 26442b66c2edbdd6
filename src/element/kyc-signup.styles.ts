import { css } from 'lit';

/**
 * Light and dark defaults; every colour, radius, spacing and font is a documented `--kyc-*` property.
 * Declarations shared by several elements are written once, under a selector list.
 */
export const styles = css`
  :host {
    --_text: var(--kyc-color-text, #1b1f24);
    --_muted: var(--kyc-color-muted, #57606a);
    --_bg: var(--kyc-color-bg, #fff);
    --_field-bg: var(--kyc-color-field, #fff);
    --_border: var(--kyc-color-border, #8c959f);
    --_accent: var(--kyc-color-accent, #0b5fff);
    --_error: var(--kyc-color-error, #c0241b);
    --_success: var(--kyc-color-success, #1a7f37);
    --_radius: var(--kyc-radius, 8px);
    --_space: var(--kyc-space, 16px);
    display: block;
    container-type: inline-size;
    color: var(--_text);
    /* Every browser with container queries (the layout needs them) has system-ui. */
    font: 16px/1.4 var(--kyc-font, system-ui, sans-serif);
  }
  @media (prefers-color-scheme: dark) {
    :host {
      --_text: var(--kyc-color-text, #e6edf3);
      --_muted: var(--kyc-color-muted, #9da7b3);
      --_bg: var(--kyc-color-bg, #0d1117);
      --_field-bg: var(--kyc-color-field, #161b22);
      --_border: var(--kyc-color-border, #6e7681);
      --_accent: var(--kyc-color-accent, #2563eb);
      --_error: var(--kyc-color-error, #ff7b72);
      --_success: var(--kyc-color-success, #3fb950);
    }
  }
  :host([hidden]) {
    display: none;
  }
  form,
  .row,
  .field,
  fieldset,
  .phone,
  .birthday {
    display: grid;
  }
  form,
  .row,
  .actions {
    gap: var(--_space);
  }
  form,
  .success {
    padding: var(--_space);
  }
  form,
  input,
  select,
  button,
  .alert,
  .success {
    border-radius: var(--_radius);
  }
  form {
    background: var(--_bg);
  }
  @container (min-width: 520px) {
    /* Columns no narrower than 14.5em, so that every message fits its two lines: three names go side by side from about 760 px. */
    .row {
      grid-template-columns: repeat(auto-fit, minmax(14.5em, 1fr));
    }
    /* Side by side, labels share one row so controls line up even when a label wraps (a subgrid keeps the field's own row gap). */
    .row > * {
      grid-row: span 3;
      grid-template-rows: subgrid;
    }
  }
  .field,
  fieldset {
    gap: calc(var(--_space) / 4);
    align-content: start;
    min-width: 0;
  }
  fieldset {
    margin: 0;
    border: 0;
  }
  fieldset,
  legend {
    padding: 0;
  }
  label,
  legend {
    font-weight: 600;
  }
  .optional,
  .hint,
  .documents,
  .idd span {
    color: var(--_muted);
  }
  .optional,
  .hint,
  .birthday label {
    font-weight: 400;
  }
  .optional,
  .hint,
  .documents,
  .error,
  .birthday label {
    font-size: 0.875em;
    margin: 0;
  }
  input,
  select,
  button {
    font: inherit;
    color: inherit;
    box-sizing: border-box;
    min-height: 44px;
  }
  input,
  select {
    width: 100%;
    padding: 8px 12px;
    border: 1px solid var(--_border);
    background: var(--_field-bg);
  }
  :is(input, select, button, summary):focus-visible {
    /* The text colour by default, not the accent: text always contrasts with the background, a page's accent need not (a dark accent on the dark scheme). */
    outline: 3px solid var(--kyc-focus-ring, var(--_text));
    outline-offset: 2px;
  }
  [aria-invalid='true'],
  .alert {
    border: 2px solid var(--_error);
  }
  .phone {
    grid-template-columns: minmax(5.5em, 1fr) 3fr;
  }
  .phone,
  .birthday {
    gap: calc(var(--_space) / 2);
  }
  .idd {
    position: relative;
  }
  /* The calling code is always left to right (dir="ltr"), so physical sides. */
  .idd span {
    position: absolute;
    left: 12px;
    top: 50%;
    translate: 0 -50%;
  }
  .idd input {
    padding-left: 26px;
  }
  .birthday {
    grid-template-columns: 1fr 2fr 1.3fr;
    max-width: 30em;
  }
  /* Nothing moves once rendered: every message has its space from the start (two lines each, which every built-in message fits). */
  .error,
  .alert {
    color: var(--_error);
  }
  .error {
    min-height: calc(var(--kyc-message-lines, 2) * 1.4em);
  }
  /* Two lines: the alert, or the documents hint's one-line summary (its list opens on demand) or "checked manually", in every language. */
  .alert,
  .documents {
    min-height: 2.8em;
  }
  .alert {
    padding: calc(var(--_space) * 0.75);
  }
  .alert:empty {
    border-color: transparent;
  }
  button,
  summary {
    cursor: pointer;
  }
  /* A tap target of at least 24 px. */
  .documents summary {
    padding-block: 0.2em;
  }
  .documents ul {
    padding: 0;
  }
  .documents ul,
  .documents li {
    display: inline;
  }
  .documents li:not(:last-child)::after {
    content: ', ';
  }
  .visually-hidden {
    position: absolute;
    width: 1px;
    height: 1px;
    overflow: hidden;
    clip-path: inset(50%);
    white-space: nowrap;
  }
  button {
    padding: 10px 20px;
    border: 1px solid var(--_accent);
    background: var(--_accent);
    /* White in both schemes: CSS cannot pick a text colour for a page's accent, and white suits the usual mid-to-dark ones. */
    color: var(--kyc-color-on-accent, #fff);
    font-weight: 600;
  }
  .actions {
    display: flex;
    flex-wrap: wrap;
  }
  /* The text colour, not the accent: a page's accent need not contrast with the background. */
  button.secondary {
    background: transparent;
    color: var(--_text);
  }
  /* Kept in place while not needed, so that it appearing moves nothing. */
  button.secondary[hidden] {
    display: inline-block;
    visibility: hidden;
  }
  button[disabled] {
    cursor: progress;
    opacity: 0.7;
  }
  /* The border's colour is the text's (currentColor, its default). */
  .spinner {
    display: inline-block;
    width: 1em;
    height: 1em;
    margin-inline-end: 8px;
    vertical-align: -0.15em;
    border: 2px solid;
    border-inline-end-color: transparent;
    border-radius: 50%;
    animation: spin 0.8s linear infinite;
  }
  @keyframes spin {
    to {
      transform: rotate(1turn);
    }
  }
  @media (prefers-reduced-motion: reduce) {
    .spinner {
      animation: none;
      border-inline-end-color: currentColor;
      opacity: 0.6;
    }
  }
  .success {
    border: 2px solid var(--_success);
  }
  .success h2 {
    margin: 0 0 4px;
    font-size: 1.25em;
    color: var(--_success);
  }
  .success p {
    margin: 0;
  }
`;
