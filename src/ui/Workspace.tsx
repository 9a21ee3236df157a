import { useRef, useState } from "react";
import { Group, Panel, type PanelImperativeHandle, Separator } from "react-resizable-panels";
import { EditorPane } from "./EditorPane";
import { ClusterGraph } from "./graph/ClusterGraph";
import { PaneBoundary } from "./PaneBoundary";
import { ProblemsList } from "./ProblemsList";
import { PlaybackBar } from "./playback/PlaybackBar";
import { RequestForm } from "./RequestForm";
import { SidePanel } from "./SidePanel";
import { useMediaQuery } from "./useMediaQuery";

/** Below this width the panes stack instead of sitting side by side. */
const WIDE = "(min-width: 960px)";

function ManifestPane({ onHide }: { onHide?: () => void }) {
  return (
    <section className="pane pane--editor" aria-label="Manifest">
      <header className="pane__bar">
        <h2 className="pane__title">Manifest</h2>
        {onHide && (
          <button type="button" className="text-button" onClick={onHide}>
            Hide editor
          </button>
        )}
      </header>
      <EditorPane />
      <ProblemsList />
    </section>
  );
}

function GraphPane({ onShowEditor }: { onShowEditor?: () => void }) {
  return (
    <section className="pane pane--graph" aria-label="Cluster">
      {onShowEditor && (
        <button type="button" className="text-button pane__reopen" onClick={onShowEditor}>
          Show editor
        </button>
      )}
      <PaneBoundary name="cluster graph">
        <ClusterGraph />
      </PaneBoundary>
      <PlaybackBar />
    </section>
  );
}

function RequestPane() {
  return (
    <section className="pane pane--request" aria-label="Request and path">
      <RequestForm />
      <SidePanel />
    </section>
  );
}

/**
 * Editor | graph and playback | request and details. Side by side and resizable on wide screens
 * (the editor collapses), stacked on narrow ones with the graph first.
 */
export function Workspace() {
  const wide = useMediaQuery(WIDE);
  const editor = useRef<PanelImperativeHandle | null>(null);
  const [editorHidden, setEditorHidden] = useState(false);
  if (!wide) {
    return (
      <main className="workspace workspace--stacked">
        <GraphPane />
        <RequestPane />
        <ManifestPane />
      </main>
    );
  }
  return (
    <main className="workspace">
      <Group orientation="horizontal" className="workspace__group" id="hopscope-panes">
        <Panel
          id="editor"
          panelRef={editor}
          defaultSize="24%"
          minSize="16%"
          collapsible
          onResize={(size) => setEditorHidden(size.asPercentage === 0)}
        >
          {!editorHidden && <ManifestPane onHide={() => editor.current?.collapse()} />}
        </Panel>
        <Separator className="separator" aria-label="Resize the editor" />
        <Panel id="graph" defaultSize="50%" minSize="25%">
          <GraphPane onShowEditor={editorHidden ? () => editor.current?.expand() : undefined} />
        </Panel>
        <Separator className="separator" aria-label="Resize the request panel" />
        <Panel id="request" defaultSize="26%" minSize="18%">
          <RequestPane />
        </Panel>
      </Group>
    </main>
  );
}
