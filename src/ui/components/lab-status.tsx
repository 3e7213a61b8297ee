import { Box, Text } from 'ink';
import { marks, theme } from '../theme.js';
import { Spinner } from './spinner.js';

/** While a lab runs: the learner's prediction, and what is happening on the loopback interface. */
export function LabRunning({ predicted, activity }: { predicted: string; activity: string }) {
  return (
    <Box flexDirection="column">
      <Text>You predicted: {predicted}.</Text>
      <Box marginTop={1}>
        <Spinner label={activity} />
      </Box>
    </Box>
  );
}

/** When a lab could not run at all (a timeout, a port problem): the reason and how to go on. */
export function LabFailed({ what, message }: { what: string; message: string }) {
  return (
    <Box flexDirection="column">
      <Text color={theme.bad} wrap="wrap">
        {marks.fail} {what} could not run: {message}
      </Text>
      <Text color={theme.muted}>Press r to try again, or Enter for the list of labs.</Text>
    </Box>
  );
}
