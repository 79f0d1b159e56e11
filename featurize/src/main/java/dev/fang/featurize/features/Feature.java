package dev.fang.featurize.features;

/**
 * One entry of the {@link FeatureCatalogue}.
 *
 * @param index       position in the feature vector
 * @param name        snake_case, prefixed by its scope ({@code install_}, {@code import_}, {@code pkg_})
 * @param base        the name without the scope prefix (shared by the same feature in every scope)
 * @param family      the family it belongs to
 * @param scope       the code it describes
 * @param description one line: what it measures and why
 */
public record Feature(int index, String name, String base, Family family, Scope scope, String description) {
}
