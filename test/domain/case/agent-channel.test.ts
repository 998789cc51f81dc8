import { describe, expect, it } from 'vitest';
import { loadPresets } from '../../../src/app/policy/policy-catalog.ts';
import { agentChannelFor } from '../../../src/domain/case/agent-channel.ts';
import { describePolicy } from '../../../src/domain/policy/policy.describe.ts';
import type { Policy } from '../../../src/domain/policy/policy.schema.ts';

// The first agent channel whose filters match a case takes it; a channel without filters takes every case; a case no
// channel matches goes to none (it used to fall back to the last channel, whatever that channel's filters said).

const crosspoint = (await loadPresets()).find((policy) => policy.id === 'crosspoint365')!;
const withChannels = (agentChannels: Policy['routing']['agentChannels']): Policy => ({
  ...crosspoint,
  routing: { ...crosspoint.routing, agentChannels },
});

describe('agentChannelFor', () => {
  it('crosspoint365: urgent cases, then bugs and requirements, then the catch-all soporte', () => {
    expect(agentChannelFor(crosspoint, { priority: 'urgente', type: 'bug' })).toBe('soporte-critico');
    expect(agentChannelFor(crosspoint, { priority: 'normal', type: 'bug' })).toBe('soporte-implantacion');
    expect(agentChannelFor(crosspoint, { priority: 'normal', type: 'question' })).toBe('soporte');
  });

  it('a case that matches no channel goes to none, not to the last channel whose filters exclude it', () => {
    const filteredOnly = withChannels([
      { name: 'soporte-critico', priorities: ['urgente'] },
      { name: 'soporte-implantacion', caseTypes: ['bug', 'requirement'] },
    ]);
    expect(agentChannelFor(filteredOnly, { priority: 'normal', type: 'question' })).toBeUndefined();
    expect(agentChannelFor(filteredOnly, { priority: 'normal', type: 'requirement' })).toBe('soporte-implantacion');
    // `portero policy show` says so, where a policy has no catch-all channel.
    const unrouted = '  a case none of these takes is posted to no agent channel';
    expect(describePolicy(filteredOnly, 'en')).toContain(unrouted);
    expect(describePolicy(crosspoint, 'en')).not.toContain(unrouted);
  });

  it('a channel filtering on both priority and type takes only the cases that match both', () => {
    const both = withChannels([{ name: 'urgent-bugs', priorities: ['urgente'], caseTypes: ['bug'] }]);
    expect(agentChannelFor(both, { priority: 'urgente', type: 'bug' })).toBe('urgent-bugs');
    expect(agentChannelFor(both, { priority: 'urgente', type: 'question' })).toBeUndefined();
  });
});
