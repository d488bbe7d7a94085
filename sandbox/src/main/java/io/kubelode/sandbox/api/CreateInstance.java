package io.kubelode.sandbox.api;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.kubelode.sandbox.cloud.Catalogue;
import io.kubelode.sandbox.cloud.InstanceRequest;
import io.kubelode.sandbox.ssh.CloudConfig;
import java.security.KeyPair;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** The body of {@code POST /linode/instances} (the fields the sandbox reads; others are accepted and ignored). */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record CreateInstance(String region, String type, String image, String label, List<String> tags, String group,
                             List<String> authorizedKeys, String rootPass, Boolean privateIp, Boolean booted,
                             Metadata metadata) {

    /** Linode's label rule, from the OpenAPI document. */
    private static final Pattern LABEL = Pattern.compile("^[a-zA-Z]((?!--|__|\\.\\.)[a-zA-Z0-9-_.])+$");

    public record Metadata(String user_data) {}

    /** Validates like Linode (all errors at once) and returns the request the store acts on. */
    public InstanceRequest validate() {
        List<ErrorBody.Error> errors = new ArrayList<>();
        if (region == null || region.isBlank()) {
            errors.add(new ErrorBody.Error("region", "region is required"));
        } else if (!Catalogue.REGIONS.contains(region)) {
            errors.add(new ErrorBody.Error("region", "region is not valid"));
        }
        if (type == null || type.isBlank()) {
            errors.add(new ErrorBody.Error("type", "type is required"));
        } else if (Catalogue.type(type).isEmpty()) {
            errors.add(new ErrorBody.Error("type", "A valid plan type by that ID was not found"));
        }
        if (label != null && (label.length() < 3 || label.length() > 64)) {
            errors.add(new ErrorBody.Error("label", "Length must be 3-64 characters"));
        } else if (label != null && !LABEL.matcher(label).matches()) {
            errors.add(new ErrorBody.Error("label", "Label must begin with a letter and contain only letters, "
                    + "numbers, '.', '-' and '_', with no two of '.', '-' or '_' in a row"));
        }
        if (tags != null && tags.stream().anyMatch(t -> t == null || t.length() < 3 || t.length() > 50)) {
            // a tag is a Tag's label: 3 to 50 characters (POST /tags in the OpenAPI document)
            errors.add(new ErrorBody.Error("tags", "Length must be 3-50 characters"));
        }
        if (image != null && !(image.startsWith("linode/") && Catalogue.image(image).isPresent()
                || image.startsWith("private/"))) {
            errors.add(new ErrorBody.Error("image", "image is not valid"));
        }
        if (metadata != null && metadata.user_data() != null) {
            // user data reaches an instance only through the Metadata service, read by cloud-init
            if (region != null && Catalogue.region(region).filter(r -> !r.capabilities().contains("Metadata"))
                    .isPresent()) {
                errors.add(new ErrorBody.Error("metadata.user_data", "Metadata is not available in this region"));
            }
            if (image != null && Catalogue.image(image).filter(i -> !i.capabilities().contains("cloud-init"))
                    .isPresent()) {
                errors.add(new ErrorBody.Error("metadata.user_data", "The image does not support cloud-init"));
            }
        }
        if (image != null && rootPass == null) {
            errors.add(new ErrorBody.Error("root_pass", "root_pass is required when deploying from an image"));
        } else if (rootPass != null && (rootPass.length() < 7 || rootPass.length() > 128)) {
            errors.add(new ErrorBody.Error("root_pass", "Length must be 7-128 characters"));
        }
        List<PublicKey> keys = List.of();
        KeyPair hostKey = null;
        String cloudConfig = null;
        try {
            keys = CloudConfig.authorizedKeys(authorizedKeys == null ? List.of() : authorizedKeys);
            if (metadata != null && metadata.user_data() != null) {
                cloudConfig = CloudConfig.decode(metadata.user_data());
                hostKey = CloudConfig.hostKey(cloudConfig);
            }
        } catch (CloudConfig.Invalid e) {
            errors.add(new ErrorBody.Error(e.field(), e.getMessage()));
        }
        if (!errors.isEmpty()) {
            throw new ApiException(400, errors);
        }
        boolean userData = metadata != null && metadata.user_data() != null;
        return new InstanceRequest(label, region, type, image, tags == null ? List.of() : tags, group,
                Boolean.TRUE.equals(privateIp), image != null && !Boolean.FALSE.equals(booted), userData,
                hostKey == null ? CloudConfig.generatedHostKey() : hostKey, keys, cloudConfig,
                authorizedKeys == null ? List.of() : List.copyOf(authorizedKeys));
    }
}
