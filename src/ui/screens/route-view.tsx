import type { ReactElement } from 'react';
import type { Route } from '../navigation.js';
import { HomeScreen } from './home.js';
import { LessonMenuScreen } from './lesson-menu.js';
import { NotReadyScreen } from './not-ready.js';

/** The one place that decides which screen a route shows. */
export function RouteView({ route }: { route: Route }): ReactElement {
  switch (route.name) {
    case 'home':
      return <HomeScreen />;
    case 'lesson':
      return <LessonMenuScreen lessonId={route.lessonId} />;
    case 'learn':
      return <NotReadyScreen title="Learn" />;
    case 'recall':
      return <NotReadyScreen title={route.lessonId ? 'Recall' : 'Review due cards'} />;
    case 'practice':
      return <NotReadyScreen title={route.lessonId ? 'Practice' : 'Mistakes'} />;
    case 'explain':
      return <NotReadyScreen title="Explain it" />;
    case 'test':
      return <NotReadyScreen title="Test this lesson" />;
    case 'cheatsheet':
      return <NotReadyScreen title="Cheat sheet" />;
    case 'progress':
      return <NotReadyScreen title="Progress" />;
    case 'labs':
      return <NotReadyScreen title="Live labs" />;
    case 'policy':
      return <NotReadyScreen title="Istio policy lab" />;
  }
}
