/** Where the person lives: the residence's identity documents, the address and the tax ID. */
import { html, nothing, type TemplateResult } from 'lit';
import { isDisabled, supportedDocuments, type Country } from '../../deriv/residence-list.js';
import type { OptionalField } from '../../form/fields.js';
import { textField, when, type FormView } from './field.js';

export function addressView(view: FormView, shown: readonly OptionalField[], residence: Country | undefined): TemplateResult {
  const text = (name: 'address' | 'address2' | 'city' | 'zip' | 'tax_identification_number') =>
    when(shown.includes(name), () => textField(view, name));
  return html`${documents(view, residence)} ${text('address')} ${text('address2')}
    <div class="row">${text('city')} ${text('zip')}</div>
    ${text('tax_identification_number')}`;
}

/**
 * Always in place, with room reserved: the hint filling in when the list arrives moves nothing.
 * One line however many documents a country accepts; the person opens the whole list.
 */
function documents(view: FormView, country: Country | undefined): TemplateResult {
  return html`<div class="documents" aria-live="polite">${country && !isDisabled(country) ? documentList(view, country) : nothing}</div>`;
}

function documentList(view: FormView, country: Country): TemplateResult | string {
  const names = [...new Set(supportedDocuments(country).map((doc) => doc.name))];
  if (!names.length) return view.t('documents.none');
  return html`<details>
    <summary>${view.t('documents.title', { count: names.length })}</summary>
    <ul>${names.map((n) => html`<li>${n}</li>`)}</ul>
  </details>`;
}
