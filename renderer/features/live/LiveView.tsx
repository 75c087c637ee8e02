import { useState } from 'react';
import { ClustersOverview } from './ClustersOverview.tsx';
import { ConsentPrompt } from './ConsentPrompt.tsx';
import { LiveShardBoard } from './LiveShardBoard.tsx';
import './live.css';

/** Live monitoring: the clusters overview, and a cluster's shard board. */
export default function LiveView() {
  const [board, setBoard] = useState<string | undefined>(undefined);
  return (
    <div className="live-root" data-testid="live-view">
      <ConsentPrompt />
      {board ? <LiveShardBoard cluster={board} onBack={() => setBoard(undefined)} /> : <ClustersOverview onOpen={setBoard} />}
    </div>
  );
}
