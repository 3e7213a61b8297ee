import { Box, Text } from 'ink';
import SelectInput from 'ink-select-input';
import { useState } from 'react';
import { useApp } from '../context.js';
import { theme, marks } from '../theme.js';

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
  const { keysActive, menuMemory } = useApp();
  const remembered = id ? menuMemory.get(id) : undefined;
  const initialIndex = Math.max(0, items.findIndex((i) => i.key === (remembered ?? initialKey)));
  const [highlighted, setHighlighted] = useState(items[initialIndex]?.key);
  const current = items.find((i) => i.key === highlighted) ?? items[0];
  const labelWidth = Math.max(...items.map((i) => i.label.length));
  return (
    <Box flexDirection="column">
      <SelectInput
        items={items.map((i) => ({ key: i.key, label: i.label, value: i.key }))}
        initialIndex={initialIndex}
        limit={limit}
        isFocused={isFocused && keysActive}
        onHighlight={(item) => {
          setHighlighted(item.value);
          if (id) menuMemory.set(id, item.value);
        }}
        onSelect={(item) => {
          const chosen = items.find((i) => i.key === item.value);
          if (chosen && !chosen.disabled) onSelect(chosen);
        }}
        indicatorComponent={({ isSelected }) => <Text color={theme.accent}>{isSelected ? `${marks.pointer} ` : '  '}</Text>}
        itemComponent={({ isSelected, label }) => {
          const item = items.find((i) => i.label === label);
          return (
            <Text color={item?.disabled ? theme.muted : isSelected ? theme.accent : undefined} bold={isSelected}>
              {label.padEnd(labelWidth)}
              {item?.detail ? <Text color={theme.muted}>{`  ${item.detail}`}</Text> : null}
            </Text>
          );
        }}
      />
      {current?.description ? (
        <Box marginTop={1}>
          <Text color={theme.muted} wrap="wrap">
            {current.description}
          </Text>
        </Box>
      ) : null}
    </Box>
  );
}
