import { expect } from '@open-wc/testing';
import { html, render } from 'lit';
import { selectOptions } from '../../../src/element/select-options.js';
import type { Country } from '../../../src/deriv/residence-list.js';

const list: Country[] = [
  { text: 'Albania', value: 'al' },
  { text: 'Belarus', value: 'by', disabled: 'DISABLED' },
  { text: 'Chile', value: 'cl' },
];
const isDisabled = (country: Country) => country.disabled === 'DISABLED';

describe('selectOptions', () => {
  it("builds a list's options once and clones them into every select, disabled only where asked", () => {
    const host = document.createElement('div');
    document.body.append(host);
    const RealOption = window.Option;
    let built = 0;
    window.Option = new Proxy(RealOption, { construct: (target, args) => (built++, Reflect.construct(target, args)) });
    try {
      render(
        html`<select ${selectOptions({ list: list, value: 'cl', placeholder: 'Choose…' })}></select>
          <select ${selectOptions({ list: list, value: '', placeholder: 'Choose…', isDisabled })}></select>`,
        host,
      );
    } finally {
      window.Option = RealOption;
      host.remove();
    }
    const [nationality, residence] = host.querySelectorAll('select');
    const shape = (select: HTMLSelectElement) => [...select.options].map((o) => [o.value, o.text, o.disabled]);
    expect(shape(nationality!)).to.deep.equal([['', 'Choose…', false], ['al', 'Albania', false], ['by', 'Belarus', false], ['cl', 'Chile', false]]);
    expect(shape(residence!)).to.deep.equal([['', 'Choose…', false], ['al', 'Albania', false], ['by', 'Belarus', true], ['cl', 'Chile', false]]);
    expect(nationality!.value).to.equal('cl');
    // Three countries once, plus each select's placeholder.
    expect(built).to.equal(list.length + 2);
  });

  it('a select cloning from one with disabled countries enables them', () => {
    const host = document.createElement('div');
    const copy = [...list];
    render(
      html`<select ${selectOptions({ list: copy, value: '', placeholder: '', isDisabled })}></select>
        <select ${selectOptions({ list: copy, value: '', placeholder: '' })}></select>`,
      host,
    );
    const [residence, nationality] = host.querySelectorAll('select');
    expect([...residence!.options].map((o) => o.disabled)).to.deep.equal([false, false, true, false]);
    expect([...nationality!.options].map((o) => o.disabled)).to.deep.equal([false, false, false, false]);
  });
});
