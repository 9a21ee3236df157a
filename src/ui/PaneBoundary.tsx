import { Component, type ReactNode } from "react";

interface State {
  error: Error | null;
}

/**
 * Keeps one pane's failure inside that pane: a bug in drawing the graph must not blank the editor
 * the user needs to fix their YAML.
 */
export class PaneBoundary extends Component<{ name: string; children: ReactNode }, State> {
  override state: State = { error: null };

  static getDerivedStateFromError(error: Error): State {
    return { error };
  }

  override render() {
    if (!this.state.error) return this.props.children;
    return (
      <div className="pane-error" role="alert">
        <p>The {this.props.name} could not be drawn.</p>
        <p className="mono">{this.state.error.message}</p>
        <button type="button" onClick={() => this.setState({ error: null })}>
          Try again
        </button>
      </div>
    );
  }
}
