import { Text } from 'ink';
import { Screen } from '../components/screen.js';
import { theme } from '../theme.js';

/** Shown for a mode that is not built yet, so navigation never dead-ends. */
export function NotReadyScreen({ title }: { title: string }) {
  return (
    <Screen title={title}>
      <Text color={theme.muted}>This part of the tutor is not ready yet. Press Esc to go back.</Text>
    </Screen>
  );
}
