import { Text } from 'ink';
import { useState } from 'react';
import { Menu } from '../components/menu.js';
import { Screen } from '../components/screen.js';
import { useApp } from '../context.js';
import { theme } from '../theme.js';
import { lastPredictionText, type LabEntry } from './lab-list.js';
import { PolicyLabRun } from './policy-lab-run.js';
import { TlsLabRun } from './tls-lab-run.js';
import { useStudyTime } from './use-study-time.js';

/**
 * A list of labs; Enter opens one (a TLS handshake lab or a policy lab, whichever it is) and Enter after the run
 * comes back to the list on the same lab. Time here counts as lab study time.
 */
export function LabPicker({ title, subtitle, entries, lessonId }: { title: string; subtitle: string; entries: LabEntry[]; lessonId?: string }) {
  const { progress, size } = useApp();
  const [open, setOpen] = useState<LabEntry>();
  const [last, setLast] = useState<string>();
  useStudyTime('lab', lessonId);
  const close = () => {
    setLast(open?.id);
    setOpen(undefined);
  };
  if (open?.kind === 'tls') return <TlsLabRun id={open.id} onDone={close} />;
  if (open?.kind === 'policy') return <PolicyLabRun id={open.id} onDone={close} />;
  // In a lesson's mixed list, policy labs say what they are.
  const mixed = entries.some((e) => e.kind === 'tls') && entries.some((e) => e.kind === 'policy');
  const items = entries.map((e) => {
    const before = lastPredictionText(progress.events, e.id);
    return { key: e.id, label: mixed && e.kind === 'policy' ? `Policy: ${e.title}` : e.title, description: e.description, ...(before ? { detail: before } : {}) };
  });
  return (
    <Screen title={title} subtitle={subtitle} keys={[{ key: '↑↓', label: 'move' }, { key: 'Enter', label: 'predict & run' }]}>
      {entries.length === 0 ? (
        <Text color={theme.muted}>No labs here.</Text>
      ) : (
        <Menu
          items={items}
          limit={Math.max(3, size.bodyRows - 5)}
          {...(last ? { initialKey: last } : {})}
          onSelect={(item) => setOpen(entries.find((e) => e.id === item.key))}
        />
      )}
    </Screen>
  );
}
