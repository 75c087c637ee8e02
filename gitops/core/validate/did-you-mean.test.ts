import { describe, expect, it } from 'vitest';
import { closestName, didYouMean, editDistance, typoLimit } from './did-you-mean.ts';

describe('editDistance', () => {
  it('counts inserts, deletes and substitutions', () => {
    expect(editDistance('eastus', 'eastus')).toBe(0);
    expect(editDistance('eastuss', 'eastus')).toBe(1);
    expect(editDistance('estus', 'eastus')).toBe(1);
    expect(editDistance('eastus', 'westus')).toBe(2);
    expect(editDistance('eastus', 'eastas')).toBe(1);
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('', 'abc')).toBe(3);
    expect(editDistance('abc', '')).toBe(3);
  });

  it('counts a swap of two neighbours as one edit (shard-012 for shard-021)', () => {
    expect(editDistance('shard-012', 'shard-021')).toBe(1);
    expect(editDistance('westeruope', 'westeurope')).toBe(1);
    expect(editDistance('ab', 'ba')).toBe(1);
  });

  it('is symmetric', () => {
    for (const [a, b] of [['eastus2', 'eastus'], ['gpu-a100', 'gpu-h100'], ['abcdef', 'badcfe']] as const) {
      expect(editDistance(a, b)).toBe(editDistance(b, a));
    }
  });

  it('stops early over the limit and says limit + 1', () => {
    expect(editDistance('westeurope', 'eastus', 2)).toBe(3);
    expect(editDistance('a', 'abcdefgh', 2)).toBe(3);
    expect(editDistance('eastuss', 'eastus', 2)).toBe(1);
  });
});

describe('closestName', () => {
  const regions = ['westeurope', 'northeurope', 'eastus', 'eastus2', 'swedencentral'];

  it('eastuss: did you mean eastus (not eastus2, which is 1 away too but sorts after)', () => {
    expect(editDistance('eastuss', 'eastus2')).toBe(1);
    expect(closestName('eastuss', regions)).toBe('eastus');
    expect(didYouMean('eastuss', regions)).toBe(' Did you mean eastus?');
  });

  it('prefers the nearer name over the one first in the list', () => {
    expect(closestName('westeurop', ['northeurope', 'westeurope'])).toBe('westeurope');
    expect(closestName('aks-eus-013', ['aks-eus-103', 'aks-eus-031', 'aks-eus-013x'])).toBe('aks-eus-013x');
  });

  it('ignores case for the distance but answers with the known spelling', () => {
    expect(closestName('EastUS', ['eastus'])).toBe('eastus');
  });

  it('says nothing when no name is close, when there are none, or when the word is known', () => {
    expect(closestName('japaneast', regions)).toBeUndefined();
    expect(closestName('eastus', [])).toBeUndefined();
    expect(closestName('eastus', regions)).toBeUndefined();
    expect(didYouMean('japaneast', regions)).toBe('');
  });

  it('a typo is at most a third of the word (at least one edit)', () => {
    expect(typoLimit(3)).toBe(1);
    expect(typoLimit(6)).toBe(2);
    expect(closestName('ab', ['xy'])).toBeUndefined();
    expect(closestName('eus', ['eu'])).toBe('eu');
    expect(closestName('eastus', ['eaXXus'])).toBe('eaXXus');
    expect(closestName('eastus', ['eXXXus'])).toBeUndefined();
  });
});
