// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { VirtualTable, type Column } from './VirtualTable.tsx';

interface Row {
  name: string;
  gpus: number;
}

const columns: Column<Row>[] = [
  { id: 'name', title: 'Name', width: '1fr', value: (r) => r.name },
  { id: 'gpus', title: 'GPUs', width: '60px', numeric: true, value: (r) => r.gpus },
];

beforeAll(() => {
  globalThis.ResizeObserver ??= class {
    observe() {}
    unobserve() {}
    disconnect() {}
  } as unknown as typeof ResizeObserver;
});
afterEach(cleanup);

const rows: Row[] = Array.from({ length: 5000 }, (_, i) => ({ name: `tenant-${String(i).padStart(4, '0')}`, gpus: (i * 7) % 13 }));

describe('VirtualTable', () => {
  it('keeps 5,000 rows out of the DOM but the ones in view', () => {
    render(<VirtualTable label="Tenants" rows={rows} columns={columns} rowKey={(r) => r.name} onOpen={() => undefined} />);
    const rendered = screen.getAllByRole('row').length - 1;
    expect(rendered).toBeGreaterThan(10);
    expect(rendered).toBeLessThan(60);
    expect(screen.getByRole('grid', { name: 'Tenants' }).getAttribute('aria-rowcount')).toBe('5001');
  });

  it('moves with the arrow keys and opens with Enter', () => {
    const onOpen = vi.fn();
    render(<VirtualTable label="Tenants" rows={rows.slice(0, 5)} columns={columns} rowKey={(r) => r.name} onOpen={onOpen} />);
    const grid = screen.getByTestId('table-tenants');
    fireEvent.keyDown(grid, { key: 'ArrowDown' });
    fireEvent.keyDown(grid, { key: 'ArrowDown' });
    fireEvent.keyDown(grid, { key: 'ArrowUp' });
    fireEvent.keyDown(grid, { key: 'Enter' });
    expect(onOpen).toHaveBeenCalledWith(rows[1]);
    fireEvent.keyDown(grid, { key: 'End' });
    fireEvent.keyDown(grid, { key: 'Enter' });
    expect(onOpen).toHaveBeenLastCalledWith(rows[4]);
  });

  it('sorts by a column header, numbers as numbers, and toggles the direction', () => {
    const few = [{ name: 'a', gpus: 10 }, { name: 'b', gpus: 9 }, { name: 'c', gpus: 100 }];
    render(<VirtualTable label="T" rows={few} columns={columns} rowKey={(r) => r.name} onOpen={() => undefined} />);
    const header = screen.getByRole('columnheader', { name: /GPUs/ });
    fireEvent.click(header);
    const names = () => screen.getAllByRole('row').slice(1).map((r) => r.textContent);
    expect(names()).toEqual(['b9', 'a10', 'c100']);
    expect(header.getAttribute('aria-sort')).toBe('ascending');
    fireEvent.click(header);
    expect(names()).toEqual(['c100', 'a10', 'b9']);
  });
});
