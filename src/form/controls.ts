/** How each text control is presented: autocomplete token, input type and length cap. */
export interface TextControl {
  autocomplete: string;
  maxlength: number;
  type?: 'text' | 'email';
  inputmode?: 'text' | 'email' | 'numeric' | 'tel';
}

export const TEXT_CONTROLS = {
  first_name: { autocomplete: 'given-name', maxlength: 100 },
  middle_name: { autocomplete: 'additional-name', maxlength: 100 },
  last_name: { autocomplete: 'family-name', maxlength: 100 },
  email: { autocomplete: 'email', maxlength: 254, type: 'email', inputmode: 'email' },
  city: { autocomplete: 'address-level2', maxlength: 100 },
  address: { autocomplete: 'address-line1', maxlength: 200 },
  address2: { autocomplete: 'address-line2', maxlength: 200 },
  zip: { autocomplete: 'postal-code', maxlength: 12 },
  tax_identification_number: { autocomplete: 'off', maxlength: 50 },
} satisfies Record<string, TextControl>;

export type TextControlName = keyof typeof TEXT_CONTROLS;

/** The two phone numbers: national-number control and its calling-code control. */
export const PHONE_CONTROLS = [
  { name: 'phone', idd: 'phone_idd', section: '' },
  // A section keeps autofill from copying the first number into the second.
  { name: 'phone2', idd: 'phone2_idd', section: 'section-phone2 ' },
] as const;
