package io.kubelode.cli;

import io.kubelode.cli.http.Gateway;
import io.kubelode.cli.progress.Follower;
import io.kubelode.cli.progress.ProgressFrame;
import io.kubelode.cli.render.ClusterText;
import io.kubelode.cli.render.Format;

/** What a person sees once a watched cluster is Ready: time per layer, the cluster, the dashboard. */
final class Summary {
    private Summary() {
    }

    /** Prints the summary after a watch that ended Ready (tables only; scripts use get -o json). */
    static void afterReady(Kubelode root, Gateway gateway, Follower follower, String id) {
        if (root.format() != Format.table) {
            return;
        }
        var out = root.io().out();
        out.println();
        out.print(ProgressFrame.layerTimes(follower.progress(), root.io().clock().instant()));
        out.println();
        out.print(new ClusterText(root.io().clock()).detail(gateway.cluster(id)));
        out.println();
        out.println("Dashboard: " + gateway.base() + "/#/clusters/" + id);
        out.flush();
    }
}
