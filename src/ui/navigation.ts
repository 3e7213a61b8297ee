/** Where the learner is. A stack, so Esc always goes back to where they came from. Pure: tested directly. */
export type Route =
  | { name: 'home' }
  | { name: 'lesson'; lessonId: string }
  | { name: 'learn'; lessonId: string }
  | { name: 'recall'; lessonId?: string } // no lesson: review due cards from every lesson
  | { name: 'practice'; lessonId?: string } // no lesson: the mistakes queue
  | { name: 'explain'; lessonId: string }
  | { name: 'test'; lessonId: string }
  | { name: 'cheatsheet'; lessonId: string }
  | { name: 'progress' }
  | { name: 'labs'; lessonId?: string }
  | { name: 'policy'; lessonId?: string }
  // One lab run, over its list: Esc (or Enter once it has run) goes back to the list. `resume`: show the last
  // result again (coming back from its wire view) instead of asking for a new prediction.
  | { name: 'lab'; kind: 'tls' | 'policy'; labId: string; lessonId?: string; resume?: boolean }
  // The bytes of the last run of a TLS lab, over its result; `message`: one message's fields and bytes (of the
  // TLS 1.2/1.3 comparison run when `other`).
  | { name: 'wire'; labId: string; lessonId?: string; message?: number; other?: boolean }
  // "Your own setup": decode an error, inspect certificates, probe a server.
  | { name: 'own' }
  | { name: 'own-tool'; tool: OwnTool };

export type OwnTool = 'why' | 'inspect' | 'probe';

export type RouteName = Route['name'];

export type NavAction = { type: 'push'; route: Route } | { type: 'back' } | { type: 'home' } | { type: 'replace'; route: Route };

export interface NavState {
  stack: Route[];
}

export const initialNav: NavState = { stack: [{ name: 'home' }] };

export function navReducer(state: NavState, action: NavAction): NavState {
  switch (action.type) {
    case 'push':
      return { stack: [...state.stack, action.route] };
    case 'replace':
      return { stack: [...state.stack.slice(0, -1), action.route] };
    case 'back':
      return state.stack.length > 1 ? { stack: state.stack.slice(0, -1) } : state;
    case 'home':
      return initialNav;
  }
}

export function currentRoute(state: NavState): Route {
  return state.stack[state.stack.length - 1] ?? { name: 'home' };
}
