package dev.modelregistry.query.model;

import dev.modelregistry.query.access.ReadScope;
import dev.modelregistry.query.consistency.Projector;
import dev.modelregistry.query.consistency.ReadsFrom;
import dev.modelregistry.query.model.Views.ProductionView;
import dev.modelregistry.query.web.AsOf;
import dev.modelregistry.query.web.Page;
import dev.modelregistry.query.web.PageSize;
import dev.modelregistry.query.web.PageTokenCodec;
import java.time.OffsetDateTime;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/v1/production}: every version in Production (now, or {@code as_of} a time), by model
 * and version, with the aliases that pointed at it then; only models of namespaces the caller may read.
 */
@RestController("queryProductionController")
@ReadsFrom(Projector.POSTGRES)
class ProductionController {

    private final ModelQueries queries;
    private final ReadScope scope;

    ProductionController(ModelQueries queries, ReadScope scope) {
        this.queries = queries;
        this.scope = scope;
    }

    @GetMapping(path = "/api/v1/production", produces = MediaType.APPLICATION_JSON_VALUE)
    Page<ProductionView> production(@RequestParam(name = AsOf.PARAMETER, required = false) String asOf,
                                    @RequestParam(name = PageSize.PARAMETER, required = false) String pageSize,
                                    @RequestParam(name = PageTokenCodec.PARAMETER, required = false) String pageToken) {
        OffsetDateTime time = AsOf.parse(asOf);
        int size = PageSize.parse(pageSize);
        return queries.production(time, scope.readableNamespaces(), size,
                pageToken == null || pageToken.isEmpty() ? null : pageToken);
    }
}
