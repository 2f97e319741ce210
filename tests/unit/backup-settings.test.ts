import { describe, expect, it } from 'vitest';
import {
  backupBaseline,
  backupFileName,
  DEFAULT_EVERY_N_SAVES,
  humanBytes,
  isBackupDue,
  jsonDataUrl,
  parseBackupSettings,
  recordBackupFailure,
  recordBackupSuccess,
  RETRY_AFTER_MS,
  setEnabled,
  WEEK_MS,
  type BackupSettings,
} from '../../lib/backup-settings.ts';

const T = Date.UTC(2026, 10, 30, 12, 0, 0);
const on = (patch: Partial<BackupSettings> = {}): BackupSettings => ({
  ...setEnabled(parseBackupSettings({}), true, T),
  ...patch,
});

describe('parseBackupSettings', () => {
  it('defaults: off, after every 25 saves, not weekly, never backed up', () => {
    expect(parseBackupSettings(undefined)).toEqual({
      enabled: false,
      afterSaves: true,
      everyN: DEFAULT_EVERY_N_SAVES,
      weekly: false,
    });
    expect(DEFAULT_EVERY_N_SAVES).toBe(25);
  });

  it('keeps valid values and replaces damaged ones field by field', () => {
    const parsed = parseBackupSettings({
      enabled: true,
      everyN: 0,
      weekly: 'yes',
      lastBackupAt: 5,
      lastError: { at: 'x' },
    });
    expect(parsed).toEqual({ enabled: true, afterSaves: true, everyN: 25, weekly: false, lastBackupAt: 5 });
  });

  it('survives a value that is not an object', () => {
    expect(parseBackupSettings('garbage').enabled).toBe(false);
    expect(parseBackupSettings(42).everyN).toBe(25);
  });
});

describe('isBackupDue', () => {
  it('is never due while off', () => {
    expect(isBackupDue(parseBackupSettings({ weekly: true }), T + 10 * WEEK_MS, 1000).due).toBe(false);
  });

  it('is due after N saves since the opt-in, not before', () => {
    expect(isBackupDue(on(), T + 1, 24)).toEqual({ due: false, reason: 'not due yet' });
    expect(isBackupDue(on(), T + 1, 25)).toEqual({ due: true, reason: '25 saves since the last backup' });
    expect(isBackupDue(on({ everyN: 3 }), T + 1, 3).due).toBe(true);
  });

  it('ignores the save count when "after every N saves" is off', () => {
    expect(isBackupDue(on({ afterSaves: false, weekly: true }), T + 1, 10_000).due).toBe(false);
  });

  it('weekly: due a week after the last backup (or the opt-in), not a minute earlier', () => {
    const weekly = on({ afterSaves: false, weekly: true });
    expect(isBackupDue(weekly, T + WEEK_MS - 60_000).due).toBe(false);
    expect(isBackupDue(weekly, T + WEEK_MS)).toEqual({ due: true, reason: 'weekly, a week since the last backup' });
    const backedUp = recordBackupSuccess(weekly, T + 3 * 24 * 3600_000, 'dogear/x.json');
    expect(isBackupDue(backedUp, T + WEEK_MS).due).toBe(false);
    expect(isBackupDue(backedUp, T + WEEK_MS + 3 * 24 * 3600_000).due).toBe(true);
  });

  it('weekly with no baseline at all is due at once', () => {
    const weekly = { ...parseBackupSettings({}), enabled: true, afterSaves: false, weekly: true };
    expect(isBackupDue(weekly, T)).toEqual({ due: true, reason: 'weekly, never backed up' });
  });

  it('both chosen: whichever comes first', () => {
    const both = on({ weekly: true, everyN: 10 });
    expect(isBackupDue(both, T + 60_000, 10).due).toBe(true);
    expect(isBackupDue(both, T + WEEK_MS, 0).due).toBe(true);
    expect(isBackupDue(both, T + 60_000, 9).due).toBe(false);
  });

  it('is not due when neither option is chosen', () => {
    expect(isBackupDue(on({ afterSaves: false, weekly: false }), T + 10 * WEEK_MS, 1000).due).toBe(false);
  });

  it('waits an hour after a failure, then tries again', () => {
    const failed = recordBackupFailure(on(), T + 1000, 'disk full');
    expect(isBackupDue(failed, T + 1000 + RETRY_AFTER_MS - 1, 100).due).toBe(false);
    expect(isBackupDue(failed, T + 1000 + RETRY_AFTER_MS, 100).due).toBe(true);
  });

  it('a failure older than the last success does not hold backups back', () => {
    const failedThenOk = recordBackupSuccess(recordBackupFailure(on(), T, 'x'), T + 10, 'f');
    expect(failedThenOk.lastError).toBeUndefined();
    expect(isBackupDue({ ...failedThenOk, lastError: { at: T, message: 'old' } }, T + 20, 25).due).toBe(true);
  });
});

describe('recording', () => {
  it('a success moves the baseline and clears the error; a failure keeps the last good backup', () => {
    const ok = recordBackupSuccess(on(), T + 5, 'dogear/a.json');
    expect(backupBaseline(ok)).toBe(T + 5);
    expect(ok.lastFile).toBe('dogear/a.json');
    const failed = recordBackupFailure(ok, T + 9, 'x'.repeat(3000));
    expect(failed.lastBackupAt).toBe(T + 5);
    expect(failed.lastFile).toBe('dogear/a.json');
    expect(failed.lastError?.message).toHaveLength(2000);
    // What is written reads back the same.
    expect(parseBackupSettings(JSON.parse(JSON.stringify(failed)))).toEqual(failed);
  });

  it('opting in starts the count now; opting out keeps the history', () => {
    const first = setEnabled(parseBackupSettings({}), true, T);
    expect(backupBaseline(first)).toBe(T);
    const off = setEnabled(recordBackupSuccess(first, T + 1, 'f'), false, T + 2);
    expect(off.enabled).toBe(false);
    expect(off.lastBackupAt).toBe(T + 1);
  });
});

describe('helpers', () => {
  it('file name: dogear/dogear-backup-YYYY-MM-DD-HHMM.json in local time', () => {
    expect(backupFileName(new Date(2026, 0, 5, 7, 3))).toBe('dogear/dogear-backup-2026-01-05-0703.json');
    expect(backupFileName(new Date(2026, 11, 31, 23, 59))).toBe('dogear/dogear-backup-2026-12-31-2359.json');
  });

  it('data URL round-trips UTF-8 (CJK, emoji, TeX) and large text', () => {
    const text = JSON.stringify({ title: '深層学習 $\\mathcal{L}$ 🙂', pad: 'é'.repeat(100_000) });
    const url = jsonDataUrl(text);
    expect(url.startsWith('data:application/json;base64,')).toBe(true);
    const decoded = Buffer.from(url.slice(url.indexOf(',') + 1), 'base64').toString('utf8');
    expect(decoded).toBe(text);
  });

  it('human-readable bytes', () => {
    expect(humanBytes(0)).toBe('0 B');
    expect(humanBytes(999)).toBe('999 B');
    expect(humanBytes(1500)).toBe('1.5 kB');
    expect(humanBytes(2_345_678)).toBe('2.3 MB');
    expect(humanBytes(123_000_000_000)).toBe('123 GB');
    expect(humanBytes(Number.NaN)).toBe('unknown');
  });
});
