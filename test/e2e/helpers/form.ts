/** Driving `<kyc-signup>` as a person would, through its DOM contract (controls named by BASIS field). */
import type { Locator, Page } from 'playwright-core';
import { PERSON as BASE_PERSON, PERSON_OPTIONAL, PERSON_OPTIONAL_PAYLOAD, PERSON_PAYLOAD as BASE_PAYLOAD } from '../../fixtures/person.js';

/** A person the upstream accepts, every field filled. Control values, by control name. */
export const PERSON = { ...BASE_PERSON, ...PERSON_OPTIONAL };

/** What the relay forwards for PERSON. */
export const PERSON_PAYLOAD = { ...BASE_PAYLOAD, ...PERSON_OPTIONAL_PAYLOAD };

/** Playwright's CSS engine pierces open shadow roots. */
export const control = (page: Page, name: string): Locator => page.locator(`kyc-signup [name="${name}"]`);
export const alert = (page: Page): Locator => page.locator('kyc-signup [role="alert"]');
export const submitButton = (page: Page): Locator => page.locator('kyc-signup button[type="submit"]');
export const success = (page: Page): Locator => page.locator('kyc-signup [role="status"]');

const SELECTS = new Set(['birthday_month', 'gender', 'country_nationality', 'country_residence']);

/** Fills the form with the mouse-and-typing path (residence first: it sets the calling code). */
export async function fillForm(page: Page, values: Record<string, string> = PERSON): Promise<void> {
  const names = Object.keys(values).sort((a, b) => Number(b === 'country_residence') - Number(a === 'country_residence'));
  for (const name of names) {
    const value = values[name]!;
    if (SELECTS.has(name)) await control(page, name).selectOption(value);
    else await control(page, name).fill(value);
  }
}

/** Every named control's current value, read from the shadow DOM. */
export function formValues(page: Page): Promise<Record<string, string>> {
  return page.evaluate(() => {
    const root = document.querySelector('kyc-signup')?.shadowRoot;
    const controls = root ? [...root.querySelectorAll<HTMLInputElement | HTMLSelectElement>('[name]')] : [];
    return Object.fromEntries(controls.map((c) => [c.name, c.value]));
  });
}

/** The name of the control that has focus inside the element (or the focused element's tag). */
export function focusedName(page: Page): Promise<string> {
  return page.evaluate(() => {
    let active: Element | null = document.activeElement;
    while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
    if (!active) return '';
    const name = active.getAttribute('name');
    return name ?? `${active.tagName.toLowerCase()}${active.getAttribute('type') ? `[type=${active.getAttribute('type')}]` : ''}`;
  });
}

/** Number of country options (the placeholder excluded). */
export const countryOptionCount = (page: Page, name = 'country_residence'): Promise<number> =>
  page.locator(`kyc-signup [name="${name}"] option:not([value=""])`).count();
