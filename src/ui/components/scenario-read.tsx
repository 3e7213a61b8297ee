import { Box, Text } from 'ink';
import type { ReactNode } from 'react';
import { useApp } from '../context.js';
import { wrapText } from '../text/wrap.js';
import { theme } from '../theme.js';
import { ScrollView } from './scroll-view.js';
import { yamlLines } from './yaml-view.js';

/**
 * A prepared policy scenario as the learner reads it before predicting: the workload, its manifests (scrolling),
 * the question, then `promptRows` rows of prediction prompts (the children). The manifests get every row the
 * rest leaves; gaps around them only when there is room.
 */
export function ScenarioRead({ id, workload, manifests, question, promptRows, children }: { id: string; workload: string; manifests: string; question: string; promptRows: number; children: ReactNode }) {
  const { size } = useApp();
  const width = size.columns - 2;
  const workloadLines = wrapText(workload, width);
  const questionLines = wrapText(question, width);
  const gap = size.bodyRows >= 20 ? 1 : 0;
  const yamlHeight = Math.max(3, size.bodyRows - workloadLines.length - questionLines.length - promptRows - 2 * gap);
  return (
    <Box flexDirection="column">
      <Text color={theme.muted}>{workloadLines.join('\n')}</Text>
      <Box marginTop={gap} flexDirection="column">
        <ScrollView lines={yamlLines(manifests, width)} height={yamlHeight} resetKey={id} />
      </Box>
      <Box marginTop={gap}>
        <Text bold>{questionLines.join('\n')}</Text>
      </Box>
      {children}
    </Box>
  );
}
