import { describe, expect, it } from 'vitest';
import { parseDuration, parseInstant, parseRange, parseScrapeIntervals, PromAnswerError } from './prom-result.ts';
import { align, lastValue, slope } from './series.ts';

describe('Prometheus API answers', () => {
  it('parses vectors and matrices, NaN and Inf as gaps', () => {
    expect(parseInstant({ status: 'success', data: { resultType: 'vector', result: [{ metric: { shard: 'a' }, value: [10, 'NaN'] }] } })).toEqual([{ labels: { shard: 'a' }, t: [10], v: [null] }]);
    const r = parseRange({ status: 'success', data: { resultType: 'matrix', result: [{ metric: {}, values: [[1, '2.5'], [2, '+Inf']] }] } });
    expect(r).toEqual([{ labels: {}, t: [1, 2], v: [2.5, null] }]);
  });

  it('reports Prometheus errors with their words and refuses other shapes', () => {
    expect(() => parseInstant({ status: 'error', errorType: 'bad_data', error: 'parse error at char 5' })).toThrow('Prometheus refused the query: parse error at char 5');
    expect(() => parseRange({ status: 'success', data: { resultType: 'vector', result: [] } })).toThrow(PromAnswerError);
    expect(() => parseInstant('<html>')).toThrow('not a Prometheus API response');
    expect(() => parseRange({ status: 'success', data: { resultType: 'matrix', result: [{ metric: {}, values: [[1, 2]] }] } })).toThrow('not [time, "value"]');
  });

  it('reads scrape intervals and durations', () => {
    expect(parseScrapeIntervals({ status: 'success', data: { activeTargets: [{ scrapeInterval: '1s', health: 'up' }, { scrapeInterval: '1m30s' }, {}] } })).toEqual([1, 90]);
    expect(parseDuration('500ms')).toBe(0.5);
    expect(parseDuration('1h')).toBe(3600);
    expect(parseDuration('5x')).toBeNaN();
  });
});

describe('series on a grid', () => {
  it('puts points on the step grid, gaps as null, sorted by key', () => {
    const a = align(
      [
        { labels: { shard: 'b' }, t: [100, 110], v: [1, 2] },
        { labels: { shard: 'a' }, t: [105], v: [3] },
      ],
      100,
      110,
      5,
      ['shard'],
    );
    expect(a.t).toEqual([100, 105, 110]);
    expect(a.columns.map((c) => [c.key, c.v])).toEqual([
      ['a', [null, 3, null]],
      ['b', [1, null, 2]],
    ]);
  });
  it('gives the last value and a least-squares slope', () => {
    expect(lastValue([1, 2, null])).toBe(2);
    expect(slope([0, 1, 2, 3], [0, 2, 4, 6], 10)).toBeCloseTo(2);
    expect(slope([0, 1], [0, 1], 10)).toBeNull();
  });
});
