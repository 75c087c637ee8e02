// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { VirtualTable, type Column } from './VirtualTable.tsx';

interface Row {
  name: string;
  shard: string;
}

const columns: Column<Row>[] = [
  { id: 'name', title: 'Name', width: '1fr', value: (r) => r.name },
  { id: 'shard', title: 'Shard', width: '72px', value: (r) => r.shard },
];
const rows: Row[] = [{ name: 'tenant-00001', shard: 'aks-eus-1-s001' }];

beforeAll(() => {
  globalThis.ResizeObserver ??= class {
    observe() {}
    unobserve() {}
    disconnect() {}
  } as unknown as typeof ResizeObserver;
});
afterEach(() => {
  cleanup();
  localStorage.clear();
});

const template = () => (screen.getAllByRole('row')[0] as HTMLElement).style.gridTemplateColumns;

describe('VirtualTable column resize', () => {
  it('each header has a resize handle; arrow keys on it set the column to a width, kept for the next visit; double-click resets', () => {
    const { unmount } = render(<VirtualTable label="Tenants" rows={rows} columns={columns} rowKey={(r) => r.name} onOpen={() => undefined} />);
    expect(template()).toBe('1fr 72px');
    const handle = screen.getByRole('separator', { name: 'Resize the Shard column' });
    fireEvent.keyDown(handle, { key: 'ArrowRight' });
    // jsdom lays nothing out (widths 0): the width is clamped to the 40 px minimum, but it is a width now.
    expect(template()).toBe('1fr 40px');
    expect(JSON.parse(localStorage.getItem('gantry.columns.Tenants')!)).toEqual({ shard: 40 });
    unmount();
    render(<VirtualTable label="Tenants" rows={rows} columns={columns} rowKey={(r) => r.name} onOpen={() => undefined} />);
    expect(template()).toBe('1fr 40px');
    fireEvent.doubleClick(screen.getByRole('separator', { name: 'Resize the Shard column' }));
    expect(template()).toBe('1fr 72px');
  });

  it('a click on the handle does not sort by that column', () => {
    render(<VirtualTable label="Tenants" rows={rows} columns={columns} rowKey={(r) => r.name} onOpen={() => undefined} />);
    fireEvent.click(screen.getByRole('separator', { name: 'Resize the Shard column' }));
    expect(screen.getByRole('columnheader', { name: /Shard/ }).getAttribute('aria-sort')).toBe('none');
  });

  it('ignores stored widths that are not numbers at least 40 px', () => {
    localStorage.setItem('gantry.columns.Tenants', JSON.stringify({ shard: 'wide', name: 3 }));
    render(<VirtualTable label="Tenants" rows={rows} columns={columns} rowKey={(r) => r.name} onOpen={() => undefined} />);
    expect(template()).toBe('1fr 72px');
  });
});
