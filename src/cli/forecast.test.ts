import { describe, expect, it, vi } from 'vitest';
import { runForecastCommand } from './forecast.ts';

describe('panier forecast flags', () => {
  it('prints help', async () => {
    const out = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    expect(await runForecastCommand(['--help'])).toBe(0);
    expect(String(out.mock.calls[0]?.[0])).toMatch(/--lead-time/);
    out.mockRestore();
  });

  it.each([
    [['--freq', 'month'], /--freq/],
    [['--horizon', '0'], /--horizon/],
    [['--lead-time', 'soon'], /--lead-time/],
    [['--service-level', '2'], /--service-level/],
    [['--keep', '0'], /--keep/],
    [['--bogus'], /bogus/],
  ])('rejects %j before opening storage', async (argv, message) => {
    await expect(runForecastCommand(argv)).rejects.toMatchObject({ code: 'invalid_argument', message });
  });
});
