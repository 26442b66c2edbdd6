import assert from 'node:assert/strict';
import { test } from 'node:test';
import { AnnounceController } from '../../../src/element/announce-controller.js';
import { countingHost } from './counting-host.js';

const label = (name: string) => `Label of ${name}`;

test('a message that appears as the person leaves its field is said once, with the field’s label', async () => {
  const h = countingHost();
  const announcer = new AnnounceController(h, label);
  announcer.rendered({});
  await announcer.left('email', () => announcer.rendered({ email: 'Enter a valid email' }));
  assert.equal(announcer.text, 'Label of email: Enter a valid email');
  assert.equal(h.updates, 1);
  announcer.clear();
  assert.equal(announcer.text, '');
});

test('leaving a field whose message was already shown, or that shows none, says nothing', async () => {
  const h = countingHost();
  const announcer = new AnnounceController(h, label);
  announcer.rendered({ email: 'Enter a valid email' });
  await announcer.left('email', () => announcer.rendered({ email: 'Enter a valid email' }));
  await announcer.left('city', () => announcer.rendered({ email: 'Enter a valid email' }));
  assert.equal(announcer.text, '');
  assert.equal(h.updates, 0);
});
