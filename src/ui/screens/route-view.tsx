import type { ReactElement } from 'react';
import type { Route } from '../navigation.js';
import { CheatSheetScreen } from './cheat-sheet.js';
import { ExplainScreen } from './explain.js';
import { HomeScreen } from './home.js';
import { LearnScreen } from './learn.js';
import { LessonMenuScreen } from './lesson-menu.js';
import { LabRunScreen } from './lab-picker.js';
import { LabsScreen } from './labs.js';
import { OwnScreen, OwnToolScreen } from './own.js';
import { PolicyScreen } from './policy.js';
import { PracticeScreen } from './practice.js';
import { ProgressScreen } from './progress.js';
import { RecallScreen } from './recall.js';
import { TestScreen } from './test.js';
import { WireScreen } from './wire-view.js';

/** The one place that decides which screen a route shows. */
export function RouteView({ route }: { route: Route }): ReactElement {
  switch (route.name) {
    case 'home':
      return <HomeScreen />;
    case 'lesson':
      return <LessonMenuScreen lessonId={route.lessonId} />;
    case 'learn':
      return <LearnScreen lessonId={route.lessonId} />;
    case 'recall':
      return <RecallScreen {...(route.lessonId ? { lessonId: route.lessonId } : {})} />;
    case 'practice':
      return <PracticeScreen {...(route.lessonId ? { lessonId: route.lessonId } : {})} />;
    case 'explain':
      return <ExplainScreen lessonId={route.lessonId} />;
    case 'test':
      return <TestScreen lessonId={route.lessonId} />;
    case 'cheatsheet':
      return <CheatSheetScreen lessonId={route.lessonId} />;
    case 'progress':
      return <ProgressScreen />;
    case 'labs':
      return <LabsScreen {...(route.lessonId ? { lessonId: route.lessonId } : {})} />;
    case 'policy':
      return <PolicyScreen {...(route.lessonId ? { lessonId: route.lessonId } : {})} />;
    case 'lab':
      return <LabRunScreen kind={route.kind} labId={route.labId} {...(route.lessonId ? { lessonId: route.lessonId } : {})} resume={route.resume === true} />;
    case 'wire':
      return <WireScreen labId={route.labId} {...(route.lessonId ? { lessonId: route.lessonId } : {})} {...(route.message !== undefined ? { message: route.message } : {})} other={route.other === true} />;
    case 'own':
      return <OwnScreen />;
    case 'own-tool':
      return <OwnToolScreen tool={route.tool} />;
  }
}
