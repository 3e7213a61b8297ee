import { Box, Text } from 'ink';
import { Screen } from '../components/screen.js';
import { theme } from '../theme.js';

const KEYS: Array<[string, string]> = [
  ['↑ ↓  or  j k', 'move / scroll'],
  ['Enter', 'open, choose, confirm'],
  ['Esc  or  Backspace', 'back to the previous screen'],
  ['PgUp PgDn Space g G', 'scroll long text'],
  ['?', 'this help (any other key closes it)'],
  ['q  or  Ctrl+C', 'quit (your progress is already saved)'],
  ['(footer)', "each screen's own keys: 1-4 grade, u undo, a-d answer, h hint..."],
];

/** Keys that work everywhere; each screen's own keys are in its footer. */
export function HelpScreen() {
  return (
    <Screen title="Keys" keys={[{ key: 'any other key', label: 'close' }]}>
      <Box flexDirection="column">
        {KEYS.map(([key, what]) => (
          <Text key={key}>
            <Text color={theme.key} bold>
              {key.padEnd(22)}
            </Text>
            {what}
          </Text>
        ))}
        <Box marginTop={1}>
          <Text color={theme.muted} wrap="wrap">
            Every answer and grade is saved the moment you make it. Progress lives in $MTLS_TUTOR_HOME when set, else
            in your OS config folder; `mtls-tutor progress` shows it from the command line.
          </Text>
        </Box>
      </Box>
    </Screen>
  );
}
