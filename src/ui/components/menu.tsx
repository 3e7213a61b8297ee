import { Box, Text } from 'ink';
import SelectInput from 'ink-select-input';
import { useState } from 'react';
import { useApp } from '../context.js';
import { useInputGate } from '../input/input-gate.js';
import { wrapProse } from '../text/wrap.js';
import { theme, marks } from '../theme.js';

/** Callers leave this many rows (plus one blank) under the list for the highlighted item's description. */
export const DESCRIPTION_LINES = 3;

const fit = (text: string, width: number) => ([...text].length > width ? `${[...text].slice(0, Math.max(1, width - 1)).join('')}…` : text.padEnd(width));

/** At most `max` lines, the last one marked … when some were cut. */
function fitLines(lines: string[], max: number): string[] {
  if (lines.length <= max) return lines;
  return [...lines.slice(0, max - 1), `${lines[max - 1]}…`];
}

/**
 * How wide the label column may be so every row stays on one line: details keep their room and labels are cut
 * with … ; on a very narrow terminal the details go instead. Pure.
 */
export function menuColumns(items: readonly MenuItem[], columns: number): { labelWidth: number; showDetail: boolean } {
  const room = columns - 3; // pointer and a spare column
  const longestLabel = Math.max(0, ...items.map((i) => [...i.label].length));
  const longestDetail = Math.max(0, ...items.map((i) => (i.detail ? [...i.detail].length + 2 : 0)));
  if (longestLabel + longestDetail <= room) return { labelWidth: longestLabel, showDetail: true };
  if (room - longestDetail >= 20) return { labelWidth: room - longestDetail, showDetail: true };
  return { labelWidth: Math.min(longestLabel, room), showDetail: false };
}

export interface MenuItem {
  key: string;
  label: string;
  /** Right-hand detail (minutes, due count...). */
  detail?: string;
  /** Shown under the list for the highlighted item. */
  description?: string;
  disabled?: boolean;
}

/**
 * A vertical menu (↑↓ or j/k, Enter) with the highlighted item's description below it. Built on
 * ink-select-input; `limit` keeps long lists inside the screen.
 */
export function Menu({
  items,
  onSelect,
  limit,
  isFocused = true,
  initialKey,
  id,
}: {
  items: MenuItem[];
  onSelect(item: MenuItem): void;
  limit?: number;
  isFocused?: boolean;
  initialKey?: string;
  /** When set, the menu reopens on the item last highlighted in it. */
  id?: string;
}) {
  const { keysActive, menuMemory, size } = useApp();
  const remembered = id ? menuMemory.get(id) : undefined;
  const initialIndex = Math.max(0, items.findIndex((i) => i.key === (remembered ?? initialKey)));
  const [highlighted, setHighlighted] = useState(items[initialIndex]?.key);
  const current = items.find((i) => i.key === highlighted) ?? items[0];
  const { labelWidth, showDetail } = menuColumns(items, size.columns);
  const description = current?.description ? fitLines(wrapProse(current.description, size.columns - 2), DESCRIPTION_LINES) : [];
  useInputGate(); // after SelectInput's handler, which is a child's
  return (
    <Box flexDirection="column">
      <SelectInput
        // ink-select-input does not bring its highlight back into a list that a resize made shorter (a key then
        // highlights nothing): a new list height starts a fresh one, on the item that was highlighted.
        key={limit ?? 'all'}
        items={items.map((i) => ({ key: i.key, label: i.label, value: i.key }))}
        initialIndex={Math.max(0, items.findIndex((i) => i.key === current?.key))}
        limit={limit}
        isFocused={isFocused && keysActive}
        onHighlight={(item) => {
          if (!item) return;
          setHighlighted(item.value);
          if (id) menuMemory.set(id, item.value);
        }}
        onSelect={(item) => {
          const chosen = item && items.find((i) => i.key === item.value);
          if (chosen && !chosen.disabled) onSelect(chosen);
        }}
        indicatorComponent={({ isSelected }) => <Text color={theme.accent}>{isSelected ? `${marks.pointer} ` : '  '}</Text>}
        itemComponent={({ isSelected, label }) => {
          const item = items.find((i) => i.label === label);
          return (
            <Text color={item?.disabled ? theme.muted : isSelected ? theme.accent : undefined} bold={isSelected} wrap="truncate-end">
              {fit(label, labelWidth)}
              {showDetail && item?.detail ? <Text color={theme.muted}>{`  ${item.detail}`}</Text> : null}
            </Text>
          );
        }}
      />
      {description.length > 0 ? (
        <Box marginTop={1}>
          <Text color={theme.muted}>{description.join('\n')}</Text>
        </Box>
      ) : null}
    </Box>
  );
}
