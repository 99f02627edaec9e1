import { Component, type ErrorInfo, type ReactNode } from 'react';
import { errorMessage } from '../lib/notify';

interface Props {
  children: ReactNode;
  /** What broke, for the message: "this screen", "the compare view". */
  what?: string;
  /** Changing it (a new route) starts over with the children. */
  resetKey?: unknown;
}

interface State {
  error: unknown;
  failed: boolean;
  resetKey: unknown;
}

/**
 * A render error in one screen shows a message with Try again, instead of an empty window: the top
 * bar, the status bar and the rest of the app keep working, and navigating away starts over.
 */
export class ErrorBoundary extends Component<Props, State> {
  override state: State = { error: null, failed: false, resetKey: this.props.resetKey };

  static getDerivedStateFromError(error: unknown): Partial<State> {
    return { error, failed: true };
  }

  static getDerivedStateFromProps(props: Props, state: State): Partial<State> | null {
    if (props.resetKey === state.resetKey) return null;
    return { resetKey: props.resetKey, error: null, failed: false };
  }

  override componentDidCatch(error: unknown, info: ErrorInfo): void {
    // The console keeps the stack for a bug report; the screen gets words.
    console.error('A screen failed to render', error, info.componentStack);
  }

  override render(): ReactNode {
    if (!this.state.failed) return this.props.children;
    return (
      <div className="empty-state" role="alert" data-testid="error-boundary">
        <h2>Something went wrong showing {this.props.what ?? 'this screen'}</h2>
        <p className="muted">{errorMessage(this.state.error)}</p>
        <div className="empty-action">
          <button type="button" className="btn btn-primary" onClick={() => this.setState({ error: null, failed: false })}>
            Try again
          </button>
        </div>
      </div>
    );
  }
}
