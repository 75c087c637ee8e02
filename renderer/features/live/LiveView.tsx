import { useState } from 'react';
import { ClustersOverview } from './ClustersOverview.tsx';
import { ConsentPrompt } from './ConsentPrompt.tsx';
import { LiveShardBoard } from './LiveShardBoard.tsx';
import { ReconciliationTimeline } from './ReconciliationTimeline.tsx';
import { ShardActions } from './ShardActions.tsx';
import { ShardDetail } from './ShardDetail.tsx';
import './live.css';

type Screen = { at: 'overview' } | { at: 'board'; cluster: string; focus?: string } | { at: 'detail'; cluster: string; shard: string } | { at: 'timeline' };

/** Live monitoring: the clusters overview, a cluster's shard board, a shard's detail, and the reconciliation timeline. */
export default function LiveView() {
  const [screen, setScreen] = useState<Screen>({ at: 'overview' });
  const overview = () => setScreen({ at: 'overview' });
  return (
    <div className="live-root" data-testid="live-view">
      <ConsentPrompt />
      {screen.at === 'board' ? (
        <LiveShardBoard cluster={screen.cluster} focusShard={screen.focus} onBack={overview} onOpenShard={(shard) => setScreen({ at: 'detail', cluster: screen.cluster, shard })} />
      ) : screen.at === 'detail' ? (
        <ShardDetail
          shard={screen.shard}
          cluster={screen.cluster}
          onBack={() => setScreen({ at: 'board', cluster: screen.cluster, focus: screen.shard })}
          actions={<ShardActions shard={screen.shard} cluster={screen.cluster} />}
        />
      ) : screen.at === 'timeline' ? (
        <ReconciliationTimeline onBack={overview} />
      ) : (
        <ClustersOverview onOpen={(cluster) => setScreen({ at: 'board', cluster })} onTimeline={() => setScreen({ at: 'timeline' })} />
      )}
    </div>
  );
}
