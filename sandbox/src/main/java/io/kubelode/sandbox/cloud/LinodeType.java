package io.kubelode.sandbox.cloud;

/** A plan: hardware and price, as Linode lists it. */
public record LinodeType(String id, String label, String typeClass, int memory, int vcpus, int disk,
                         int transfer, int networkOut, double hourly, double monthly,
                         double backupsHourly, double backupsMonthly) {}
