import "./styles/theme.css";
import "./styles/app.css";
import "./styles/graph.css";
import { EditorPane } from "./EditorPane";
import { ClusterGraph } from "./graph/ClusterGraph";
import { Header } from "./Header";
import { HopList } from "./HopList";
import { OutcomeSummary } from "./OutcomeSummary";
import { PaneBoundary } from "./PaneBoundary";
import { ProblemsList } from "./ProblemsList";
import { RequestForm } from "./RequestForm";
import { TrafficSummary } from "./TrafficSummary";
import { UnderTheHood } from "./UnderTheHood";

export function App() {
  return (
    <div className="app">
      <Header />
      <main className="workspace">
        <section className="pane pane--graph" aria-label="Cluster">
          <PaneBoundary name="cluster graph">
            <ClusterGraph />
          </PaneBoundary>
        </section>
        <section className="pane pane--request" aria-label="Request and path">
          <RequestForm />
          <PaneBoundary name="request path">
            <OutcomeSummary />
            <TrafficSummary />
            <HopList />
          </PaneBoundary>
          <PaneBoundary name="configuration view">
            <UnderTheHood />
          </PaneBoundary>
        </section>
        <section className="pane pane--editor" aria-label="Manifest">
          <h2 className="pane__title">Manifest</h2>
          <EditorPane />
          <ProblemsList />
        </section>
      </main>
    </div>
  );
}
