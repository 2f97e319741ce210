/**
 * The sentence the library and the popup show after "Send to Zotero" (components/zotero-send.ts describeSend): what was
 * sent and where, what Zotero already had, and the service's own words for a failure.
 */
import { describe, expect, it } from 'vitest';
import { describeSend } from '../../../components/zotero-send.ts';

const WHERE = 'Zotero desktop: My Library › To read';

describe('describeSend', () => {
  it.each([
    [{ sent: 1, already: 0 }, `Sent 1 paper to ${WHERE}.`],
    [{ sent: 3, already: 0 }, `Sent 3 papers to ${WHERE}.`],
    [{ sent: 2, already: 1 }, `Sent 2 papers to ${WHERE}; 1 other was already in Zotero.`],
    [{ sent: 1, already: 2 }, `Sent 1 paper to ${WHERE}; 2 others were already in Zotero.`],
    [{ sent: 0, already: 1 }, 'Already in Zotero.'],
    [{ sent: 0, already: 3 }, 'All 3 papers are already in Zotero.'],
  ])('%o → %s', (counts, text) => {
    expect(describeSend({ ok: true, ...counts, where: WHERE, target: 'My Library' })).toEqual({ text, error: false });
  });

  it('names Zotero when the service does not say where', () => {
    expect(describeSend({ ok: true, sent: 1, already: 0, where: '', target: '' }).text).toBe('Sent 1 paper to Zotero.');
  });

  it('says a failure in the service’s words, as an error', () => {
    const message = 'Zotero is not running. Start Zotero and try again.';
    expect(describeSend({ ok: false, error: 'not-running', message, offerWeb: true })).toEqual({
      text: message,
      error: true,
    });
  });
});
