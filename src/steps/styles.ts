import { css } from 'lit';

/**
 * The steps' styles, adopted into the host's shadow root when the chunk loads. They use the
 * host's resolved `--_*` colours (so `--kyc-*` theming and dark mode apply), with the same
 * defaults when a host defines none.
 */
export const stepsStyles = css`
  .step {
    display: grid;
    gap: var(--_space, 16px);
    padding: var(--_space, 16px);
    background: var(--_bg, #fff);
    color: var(--_text, #1b1f24);
    border-radius: var(--_radius, 8px);
  }
  .step h2 {
    margin: 0;
    font-size: 1.25em;
  }
  .step h2:focus {
    outline: none;
  }
  .step p {
    margin: 0;
  }
  .step form {
    display: grid;
    gap: var(--_space, 16px);
    padding: 0;
  }
  .step [hidden] {
    display: none !important;
  }
  .step .hint {
    color: var(--_muted, #57606a);
    font-size: 0.875em;
  }
  .slot {
    display: grid;
    gap: calc(var(--_space, 16px) / 4);
  }
  .slot-label {
    font-weight: 600;
  }
  .dropzone {
    display: grid;
    place-items: center;
    min-height: 7em;
    padding: var(--_space, 16px);
    text-align: center;
    border: 2px dashed var(--_border, #8c959f);
    border-radius: var(--_radius, 8px);
    background: var(--_field-bg, #fff);
    cursor: pointer;
    font-weight: 400;
  }
  .dropzone:hover,
  .dropzone:focus-within {
    border-color: var(--_accent, #0b5fff);
  }
  .dropzone:focus-within {
    outline: 3px solid var(--kyc-focus-ring, var(--_accent, #0b5fff));
    outline-offset: 2px;
  }
  .preview {
    display: grid;
    place-items: center;
    min-height: 4em;
    padding: calc(var(--_space, 16px) / 2);
    border: 1px solid var(--_border, #8c959f);
    border-radius: var(--_radius, 8px);
  }
  .preview img {
    max-width: 100%;
    max-height: 240px;
    object-fit: contain;
  }
  .file-name {
    overflow-wrap: anywhere;
  }
  .uploading {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: var(--_space, 16px);
  }
  progress {
    flex: 1 1 12em;
    height: 12px;
    accent-color: var(--_accent, #0b5fff);
  }
  .step .secondary {
    justify-self: start;
    background: transparent;
    color: var(--_accent, #0b5fff);
    margin: 0;
  }
  .step .actions {
    display: flex;
    gap: var(--_space, 16px);
  }
  .step .alert:empty {
    display: none;
  }
  .done.approved {
    border: 2px solid var(--_success, #1a7f37);
  }
  .done.declined,
  .done.more-data {
    border: 2px solid var(--_border, #8c959f);
  }
  .visually-hidden {
    position: absolute;
    width: 1px;
    height: 1px;
    margin: -1px;
    padding: 0;
    overflow: hidden;
    clip-path: inset(50%);
    white-space: nowrap;
    border: 0;
  }
`;
